// Test support: a self-signed certificate for 127.0.0.1 and localhost, made with OpenSSL and
// written as PEM files in a temporary directory (removed again by the destructor). Shared by
// the emulator's TLS tests and the client's HTTPS loopback tests.
#pragma once

#include <doctest/doctest.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <filesystem>
#include <string>
#include <system_error>

namespace arize_test {

/// A certificate's notBefore and notAfter, in seconds from now: by default valid from a minute
/// ago for an hour.
struct CertValidity {
  long not_before = -60;
  long not_after = 3600;
};
/// Valid for a day, until an hour ago.
inline constexpr CertValidity kExpired{.not_before = -25 * 3600, .not_after = -3600};

/// A self-signed certificate, written as PEM files: by default for 127.0.0.1 and localhost;
/// `common_name` and `subject_alt_names` (OpenSSL's "IP:...,DNS:..." form) make others, such as
/// the one whose CN names the host but whose SAN does not; `validity` an expired one.
struct SelfSignedCert {
  std::filesystem::path dir;
  std::filesystem::path cert;
  std::filesystem::path key;

  explicit SelfSignedCert(const std::string& common_name = "localhost",
                          const std::string& subject_alt_names = "IP:127.0.0.1,DNS:localhost",
                          CertValidity validity = {}) {
    dir = std::filesystem::temp_directory_path() /
          ("arize-emu-tls-" + std::to_string(::getpid()) + "-" + std::to_string(counter()++));
    std::filesystem::create_directories(dir);
    cert = dir / "cert.pem";
    key = dir / "key.pem";

    EVP_PKEY* pkey = EVP_EC_gen("P-256");
    REQUIRE(pkey != nullptr);
    X509* x509 = X509_new();
    X509_set_version(x509, 2);
    ASN1_INTEGER_set(X509_get_serialNumber(x509), 1);
    X509_gmtime_adj(X509_getm_notBefore(x509), validity.not_before);
    X509_gmtime_adj(X509_getm_notAfter(x509), validity.not_after);
    X509_set_pubkey(x509, pkey);
    X509_NAME* name = X509_get_subject_name(x509);
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                               reinterpret_cast<const unsigned char*>(common_name.c_str()), -1, -1,
                               0);
    X509_set_issuer_name(x509, name);
    X509V3_CTX ctx;
    X509V3_set_ctx_nodb(&ctx);
    X509V3_set_ctx(&ctx, x509, x509, nullptr, nullptr, 0);
    X509_EXTENSION* san =
        X509V3_EXT_conf_nid(nullptr, &ctx, NID_subject_alt_name, subject_alt_names.c_str());
    REQUIRE(san != nullptr);
    X509_add_ext(x509, san, -1);
    X509_EXTENSION_free(san);
    REQUIRE(X509_sign(x509, pkey, EVP_sha256()) > 0);

    FILE* out = std::fopen(cert.c_str(), "w");
    REQUIRE(out != nullptr);
    PEM_write_X509(out, x509);
    std::fclose(out);
    out = std::fopen(key.c_str(), "w");
    REQUIRE(out != nullptr);
    PEM_write_PrivateKey(out, pkey, nullptr, nullptr, 0, nullptr, nullptr);
    std::fclose(out);
    X509_free(x509);
    EVP_PKEY_free(pkey);
  }
  ~SelfSignedCert() {
    std::error_code ignored;
    std::filesystem::remove_all(dir, ignored);
  }
  SelfSignedCert(const SelfSignedCert&) = delete;
  SelfSignedCert& operator=(const SelfSignedCert&) = delete;

  static std::atomic<int>& counter() {
    static std::atomic<int> n = 0;
    return n;
  }
};

}  // namespace arize_test
