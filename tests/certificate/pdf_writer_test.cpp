// The PDF writer's pieces: numbers, strings, streams, and a file whose xref offsets are checked.
#include "certificate/pdf_writer.hpp"

#include <string>

#include <gtest/gtest.h>

namespace passeur::certificate {
namespace {

TEST(PdfNumber, HasAtMostThreeDecimalsAndNoExponent) {
    EXPECT_EQ(PdfNumber(12.5), "12.5");
    EXPECT_EQ(PdfNumber(-3), "-3");
    EXPECT_EQ(PdfNumber(1.0 / 3), "0.333");
    EXPECT_EQ(PdfNumber(2.0 / 3), "0.667");
    EXPECT_EQ(PdfNumber(0.0001), "0");
    EXPECT_EQ(PdfNumber(-0.0001), "0");
    EXPECT_EQ(PdfNumber(841.89), "841.89");
    EXPECT_EQ(PdfNumber(-0.05), "-0.05");
    EXPECT_EQ(PdfNumber(1e9), "1000000000");
}

TEST(PdfLiteral, EscapesDelimitersAndControls) {
    EXPECT_EQ(PdfLiteral("a(b)c\\d"), "(a\\(b\\)c\\\\d)");
    EXPECT_EQ(PdfLiteral("x\ny\r\x7F"), "(x\\012y\\015\\177)");
    EXPECT_EQ(PdfLiteral("\xE9"), "(\xE9)");
}

TEST(PdfTextString, IsUtf16BigEndianWithBom) {
    EXPECT_EQ(PdfTextString("A\xC3\xA9"), "<FEFF004100E9>");
    EXPECT_EQ(PdfTextString("\xF0\x9F\x98\x80"), "<FEFFD83DDE00>");  // U+1F600: surrogate pair
    EXPECT_EQ(PdfTextString("\xFF"), "<FEFFFFFD>");
    EXPECT_EQ(PdfTextString(""), "<FEFF>");
}

TEST(PdfStream, CarriesItsExactLength) {
    EXPECT_EQ(PdfStream("", "abc"), "<< /Length 3 >>\nstream\nabc\nendstream");
    EXPECT_EQ(PdfStream("/Filter /FlateDecode", "xy"),
              "<< /Length 2 /Filter /FlateDecode >>\nstream\nxy\nendstream");
}

TEST(PdfWriter, WritesAnXrefTableWithExactOffsets) {
    PdfWriter pdf;
    const int catalog = pdf.Reserve();
    const int pages = pdf.Add("<< /Type /Pages /Kids [] /Count 0 >>");
    pdf.Set(catalog, "<< /Type /Catalog /Pages " + std::to_string(pages) + " 0 R >>");
    const int info = pdf.Add("<< /Producer (passeur) >>");
    const std::string file = pdf.Serialize(catalog, info);
    EXPECT_EQ(file.rfind("%PDF-1.7\n", 0), 0U);
    const std::size_t startxref = file.rfind("startxref\n");
    ASSERT_NE(startxref, std::string::npos);
    const std::size_t xref = std::stoul(file.substr(startxref + 10));
    ASSERT_EQ(file.compare(xref, 9, "xref\n0 4\n"), 0);
    EXPECT_EQ(file.compare(xref + 9, 20, "0000000000 65535 f \n"), 0);
    for (int i = 1; i <= 3; ++i) {
        const std::string entry = file.substr(xref + 9 + 20 * static_cast<std::size_t>(i), 20);
        ASSERT_EQ(entry.substr(10), " 00000 n \n");
        const std::size_t offset = std::stoul(entry.substr(0, 10));
        EXPECT_EQ(file.compare(offset, 8, std::to_string(i) + " 0 obj\n"), 0) << "object " << i;
    }
    EXPECT_NE(file.find("trailer\n<< /Size 4 /Root 1 0 R /Info 3 0 R /ID [<"), std::string::npos);
    EXPECT_EQ(file.substr(file.size() - 6), "%%EOF\n");
    EXPECT_EQ(file, pdf.Serialize(catalog, info));
}

}  // namespace
}  // namespace passeur::certificate
