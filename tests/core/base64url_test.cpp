// base64url (RFC 4648 §5, no padding): the RFC's test vectors, the two URL-safe characters, and
// what is not base64url.
#include <edigate/base64url.hpp>

#include <gtest/gtest.h>

namespace edigate {
namespace {

TEST(Base64Url, RfcVectorsRoundTrip) {
  const std::pair<const char*, const char*> vectors[] = {{"", ""},         {"f", "Zg"},         {"fo", "Zm8"},
                                                         {"foo", "Zm9v"}, {"foob", "Zm9vYg"}, {"fooba", "Zm9vYmE"},
                                                         {"foobar", "Zm9vYmFy"}};
  for (const auto& [plain, encoded] : vectors) {
    EXPECT_EQ(base64url_encode(plain), encoded);
    EXPECT_EQ(base64url_decode(encoded), std::string(plain));
  }
}

TEST(Base64Url, UsesTheUrlSafeAlphabet) {
  const std::string bytes = "\xfb\xff";
  EXPECT_EQ(base64url_encode(bytes), "-_8");
  EXPECT_EQ(base64url_decode("-_8"), bytes);
  EXPECT_FALSE(base64url_decode("ab+/"));
  EXPECT_FALSE(base64url_decode("Zg=="));
}

}  // namespace
}  // namespace edigate
