#include <edigate/partners/partner_store.hpp>

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <ctime>
#include <memory>

namespace edigate::partners {

namespace {

struct BioFree {
  void operator()(BIO* b) const { BIO_free(b); }
};
struct X509Free {
  void operator()(X509* x) const { X509_free(x); }
};

Error certificate_error(const std::string& name, std::string message) {
  Error err;
  err.code = ErrorCode::invalid_document;
  err.where.file = name;
  err.message = std::move(message);
  return err;
}

std::string name_text(const X509_NAME* n) {
  std::unique_ptr<BIO, BioFree> bio(BIO_new(BIO_s_mem()));
  X509_NAME_print_ex(bio.get(), n, 0, XN_FLAG_RFC2253);
  char* data = nullptr;
  const long size = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<std::size_t>(size));
}

std::string time_text(const ASN1_TIME* t) {
  std::tm tm{};
  if (ASN1_TIME_to_tm(t, &tm) != 1) return {};
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

}  // namespace

Result<CertificateInfo> read_certificate(std::string_view pem, const std::string& name) {
  if (pem.find("PRIVATE KEY") != std::string_view::npos) {
    return certificate_error(name, "holds a private key: keys are never stored; name the key file with private-key=");
  }
  if (pem.size() > (1u << 20)) return certificate_error(name, "larger than 1 MiB: not a certificate");
  std::unique_ptr<BIO, BioFree> bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  std::unique_ptr<X509, X509Free> cert(PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr));
  if (!cert) return certificate_error(name, "not a PEM X.509 certificate");
  CertificateInfo info;
  info.subject = name_text(X509_get_subject_name(cert.get()));
  info.issuer = name_text(X509_get_issuer_name(cert.get()));
  if (BIGNUM* bn = ASN1_INTEGER_to_BN(X509_get0_serialNumber(cert.get()), nullptr)) {
    char* hex = BN_bn2hex(bn);
    info.serial = hex;
    OPENSSL_free(hex);
    BN_free(bn);
  }
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  X509_digest(cert.get(), EVP_sha256(), digest, &length);
  static constexpr char hex[] = "0123456789ABCDEF";
  for (unsigned i = 0; i < length; ++i) {
    if (i > 0) info.sha256 += ':';
    info.sha256 += hex[digest[i] >> 4];
    info.sha256 += hex[digest[i] & 0xF];
  }
  info.not_before = time_text(X509_get0_notBefore(cert.get()));
  info.not_after = time_text(X509_get0_notAfter(cert.get()));
  // Only the first certificate of the file is kept, exactly as PEM.
  std::unique_ptr<BIO, BioFree> out(BIO_new(BIO_s_mem()));
  PEM_write_bio_X509(out.get(), cert.get());
  char* data = nullptr;
  const long size = BIO_get_mem_data(out.get(), &data);
  info.pem.assign(data, static_cast<std::size_t>(size));
  return info;
}

}  // namespace edigate::partners
