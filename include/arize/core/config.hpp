// How the library is compiled: header-only (the default) or with ARIZE_SEPARATE_COMPILATION.
//
// Header-only, every definition is inline and each translation unit that calls the client
// compiles it. With ARIZE_SEPARATE_COMPILATION defined in every translation unit of a program,
// the client's definitions (the facade, credentials, retries, the default transport with
// cpp-httplib and OpenSSL) are compiled once, in the one .cpp that includes
// <arize/compiled.hpp> (CMake: link arize::client_compiled instead of arize::client). Mixing
// the two ways in one program is an ODR violation: define it everywhere or nowhere.
#pragma once

#ifdef ARIZE_SEPARATE_COMPILATION
#define ARIZE_INLINE
#else
#define ARIZE_INLINE inline
#endif
