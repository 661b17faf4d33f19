// The pure checks of evidence files: type from the magic bytes, sanitised names, bounds, SRI digest.
#include "badge/evidence_file.hpp"

#include <gtest/gtest.h>

#include "core/encoding.hpp"

namespace passeur::badge {
namespace {

TEST(EvidenceFile, TypeComesFromTheBytes) {
    EXPECT_EQ(SniffEvidenceType("%PDF-1.4\n..."), "application/pdf");
    EXPECT_EQ(SniffEvidenceType(std::string("\x89PNG\r\n\x1a\n\0\0", 10)), "image/png");
    EXPECT_EQ(SniffEvidenceType(std::string("\xFF\xD8\xFF\xE1", 4)), "image/jpeg");
    EXPECT_FALSE(SniffEvidenceType("GIF89a"));
    EXPECT_FALSE(SniffEvidenceType("PK\x03\x04"));  // a zip, an office document
    EXPECT_FALSE(SniffEvidenceType("<svg xmlns=\"http://www.w3.org/2000/svg\"/>"));
    EXPECT_FALSE(SniffEvidenceType(" %PDF-1.4"));    // not at the start
    EXPECT_FALSE(SniffEvidenceType("\x89PNG\r\n"));  // truncated signature
    EXPECT_FALSE(SniffEvidenceType(""));
}

TEST(EvidenceFile, NamesAreSanitisedAndBounded) {
    EXPECT_EQ(SanitizeEvidenceName("../../etc/passwd", "application/pdf", 0), "passwd.pdf");
    EXPECT_EQ(SanitizeEvidenceName("C:\\Documents\\photo.JPEG", "image/jpeg", 0), "photo.jpg");
    EXPECT_EQ(SanitizeEvidenceName("page.html", "image/png", 0), "page.html.png");  // the type's extension
    EXPECT_EQ(SanitizeEvidenceName("a\"b\r\nc<d>e;f%g.pdf", "application/pdf", 0), "a_b__c_d_e_f_g.pdf");
    EXPECT_EQ(SanitizeEvidenceName("  compte   rendu  .pdf ", "application/pdf", 0), "compte rendu.pdf");
    EXPECT_EQ(SanitizeEvidenceName("", "application/pdf", 0), "preuve-1.pdf");
    EXPECT_EQ(SanitizeEvidenceName("...", "image/png", 1), "preuve-2.png");
    EXPECT_EQ(SanitizeEvidenceName(".htaccess", "image/png", 0), "htaccess.png");
    EXPECT_EQ(SanitizeEvidenceName("r\xC3\xA9sum\xC3\xA9 \xFF\xFEok.png", "image/png", 0), "résumé ok.png");
    const std::string long_name = std::string(300, 'e') + "\xC3\xA9.pdf";
    const std::string cut = SanitizeEvidenceName(long_name, "application/pdf", 0);
    EXPECT_LE(cut.size(), kMaxEvidenceFileNameBytes);
    EXPECT_TRUE(cut.ends_with(".pdf"));
    EXPECT_TRUE(core::IsValidUtf8(cut));
    const std::string accents(200, 'x');
    EXPECT_TRUE(
        core::IsValidUtf8(SanitizeEvidenceName(std::string(97, 'a') + "\xC3\xA9\xC3\xA9", "image/png", 0)));
    EXPECT_EQ(SanitizeEvidenceName(accents, "image/png", 0).size(), kMaxEvidenceFileNameBytes);
}

TEST(EvidenceFile, UploadsAreBounded) {
    const std::string pdf = "%PDF-1.7 body";
    auto ok = CheckEvidenceUploads({{"a.pdf", pdf}});
    ASSERT_TRUE(ok);
    ASSERT_EQ(ok->size(), 1u);
    EXPECT_EQ((*ok)[0].sha256, core::Sha256Hex(pdf));
    EXPECT_EQ((*ok)[0].media_type, "application/pdf");
    EXPECT_EQ((*ok)[0].bytes, pdf);
    EXPECT_TRUE(CheckEvidenceUploads({}));

    auto many = CheckEvidenceUploads({{"1", pdf}, {"2", pdf}, {"3", pdf}, {"4", pdf}});
    ASSERT_FALSE(many);
    EXPECT_EQ(many.error().field, "files");
    auto big = CheckEvidenceUploads(
        {{"a.pdf", pdf}, {"big.pdf", "%PDF-" + std::string(kMaxEvidenceFileBytes, 'x')}});
    ASSERT_FALSE(big);
    EXPECT_EQ(big.error().field, "files[1]");
    EXPECT_NE(big.error().message.find("big.pdf"), std::string::npos) << big.error().message;
    EXPECT_TRUE(CheckEvidenceUploads({{"max.pdf", "%PDF-" + std::string(kMaxEvidenceFileBytes - 5, 'x')}}));
    auto fake = CheckEvidenceUploads({{"photo.png", "MZ\x90\x00"}});
    ASSERT_FALSE(fake);
    EXPECT_EQ(fake.error().field, "files[0]");
    EXPECT_NE(fake.error().message.find("photo.png"), std::string::npos);
    auto empty = CheckEvidenceUploads({{"vide.pdf", ""}});
    ASSERT_FALSE(empty);
    EXPECT_EQ(empty.error().field, "files[0]");
}

TEST(EvidenceFile, SubresourceIntegrity) {
    // SHA-256 of "abc" (FIPS 180-2 example), base64 with padding.
    EXPECT_EQ(Sha256Sri(core::Sha256Hex("abc")), "sha256-ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0=");
    EXPECT_EQ(EvidenceFileUrlOn("https://p.example", "a1", "f1"), "https://p.example/preuves/a1/f1");
}

}  // namespace
}  // namespace passeur::badge
