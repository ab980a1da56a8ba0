// Everything generated code needs from the hand-written runtime.
#pragma once

#include "arize/core/body.hpp"
#include "arize/core/box.hpp"
#include "arize/core/datetime.hpp"
#include "arize/core/errors.hpp"
#include "arize/core/file.hpp"
#include "arize/core/headers.hpp"
#include "arize/core/json.hpp"
#include "arize/core/json_path.hpp"
#include "arize/core/nullable.hpp"
#include "arize/core/open_enum.hpp"
#include "arize/core/required.hpp"
#include "arize/core/response.hpp"
#include "arize/core/secret.hpp"
#include "arize/core/transport.hpp"
#include "arize/core/url.hpp"
#include "arize/core/validation.hpp"
