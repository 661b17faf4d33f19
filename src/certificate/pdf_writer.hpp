// A minimal PDF 1.7 file writer: numbered indirect objects, a classic cross-reference table with
// exact byte offsets, and a trailer with /Root, /Info and a content-derived /ID. Pure and
// deterministic: the same objects give the same bytes.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace passeur::certificate {

class PdfWriter {
public:
    // Reserves the next object number (1, 2, ...), so objects can refer to each other before
    // their bodies are known.
    int Reserve();
    // Sets the body of object `number` (a dictionary, array, or dictionary + stream, without the
    // "N 0 obj" / "endobj" lines). Precondition: `number` was reserved.
    void Set(int number, std::string body);
    // Reserve + Set.
    int Add(std::string body);

    // The whole file: header (%PDF-1.7 and a binary comment line), the objects in number order,
    // the xref table, the trailer and %%EOF. /ID is two copies of the first 16 bytes of the
    // SHA-256 of everything before the xref table. Precondition: every reserved object is set.
    std::string Serialize(int root, int info) const;

private:
    std::vector<std::string> bodies_;
    std::vector<bool> set_;
};

// A PDF literal string "(...)" of raw bytes: ( ) \ escaped with a backslash, bytes below 0x20
// and 0x7F written as octal escapes, so no line break or control byte ends up in the file.
std::string PdfLiteral(std::string_view bytes);

// A PDF text string (for /Title, /Alt, /ActualText...) holding any Unicode: "<FEFF...>", the
// UTF-16BE hex form. Ill-formed UTF-8 becomes U+FFFD.
std::string PdfTextString(std::string_view utf8);

// A real number for content streams: at most 3 decimals, no exponent, no trailing zeros, "0" for
// values that round to zero ("12.5", "-3", "0.333").
std::string PdfNumber(double value);

// "<< /Length n {extra_entries} >>\nstream\n{data}\nendstream" (extra_entries may be empty).
std::string PdfStream(std::string_view extra_entries, std::string_view data);

}  // namespace passeur::certificate
