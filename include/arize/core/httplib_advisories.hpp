// A compile-time notice when the cpp-httplib in use predates the fixes of published advisories
// that concern HTTP clients (SECURITY.md lists them, with the release that fixes each). Include it
// after <httplib.h> (arize/core/httplib_transport.hpp does).
//
// The notice is a `#pragma message`, not a warning: builds with -Werror still compile. Define
// ARIZE_NO_HTTPLIB_ADVISORY_NOTICE to silence it (CMake: -DARIZE_NO_HTTPLIB_ADVISORY_NOTICE=ON,
// which also silences the configure-time warning of cmake/ArizeDependencies.cmake).
//
// 0.53.1 is the first release with every client-side security fix published so far. The
// preprocessor cannot compare CPPHTTPLIB_VERSION_NUM (a string literal, and absent before
// 0.23.1), so the check looks for a setting that 0.53.1 introduced and every later release keeps:
// CPPHTTPLIB_REGEX_ROUTE_PATH_MAX_LENGTH. (Defining that macro yourself for an older release
// would hide the notice; the configure-time check reads the version number instead.)
#pragma once

#ifndef CPPHTTPLIB_HTTPLIB_H
#error "arize/core/httplib_advisories.hpp: include <httplib.h> first"
#endif

#if !defined(ARIZE_NO_HTTPLIB_ADVISORY_NOTICE) && \
    (!defined(CPPHTTPLIB_VERSION_NUM) || !defined(CPPHTTPLIB_REGEX_ROUTE_PATH_MAX_LENGTH))
#pragma message(                                                                                \
    "arize-cpp: cpp-httplib " CPPHTTPLIB_VERSION                                                \
    " predates fixes of published advisories that concern HTTP clients (see SECURITY.md); use " \
    "0.53.1 or later where you can, or define ARIZE_NO_HTTPLIB_ADVISORY_NOTICE to silence this")
#endif
