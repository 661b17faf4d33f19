#include "certificate/pdf_writer.hpp"

#include <cassert>
#include <cmath>
#include <cstdio>
#include <string>
#include <utility>

#include "core/encoding.hpp"
#include "core/unicode.hpp"

namespace passeur::certificate {

int PdfWriter::Reserve() {
    bodies_.emplace_back();
    set_.push_back(false);
    return static_cast<int>(bodies_.size());
}

void PdfWriter::Set(int number, std::string body) {
    assert(number >= 1 && static_cast<std::size_t>(number) <= bodies_.size());
    const auto index = static_cast<std::size_t>(number - 1);
    bodies_[index] = std::move(body);
    set_[index] = true;
}

int PdfWriter::Add(std::string body) {
    const int number = Reserve();
    Set(number, std::move(body));
    return number;
}

std::string PdfWriter::Serialize(int root, int info) const {
    std::string out = "%PDF-1.7\n%\xE2\xE3\xCF\xD3\n";
    std::vector<std::size_t> offsets;
    offsets.reserve(bodies_.size());
    for (std::size_t i = 0; i < bodies_.size(); ++i) {
        assert(set_[i]);
        offsets.push_back(out.size());
        out += std::to_string(i + 1) + " 0 obj\n";
        out += bodies_[i];
        out += "\nendobj\n";
    }
    const std::string id = core::Sha256Hex(out).substr(0, 32);
    const std::size_t xref_offset = out.size();
    out += "xref\n0 " + std::to_string(bodies_.size() + 1) + "\n";
    out += "0000000000 65535 f \n";  // each entry is exactly 20 bytes, ending with " \n"
    char entry[32];
    for (const std::size_t offset : offsets) {
        std::snprintf(entry, sizeof entry, "%010zu 00000 n \n", offset);
        out += entry;
    }
    out += "trailer\n<< /Size " + std::to_string(bodies_.size() + 1) + " /Root " + std::to_string(root) +
           " 0 R /Info " + std::to_string(info) + " 0 R /ID [<" + id + "> <" + id + ">] >>\n";
    out += "startxref\n" + std::to_string(xref_offset) + "\n%%EOF\n";
    return out;
}

std::string PdfLiteral(std::string_view bytes) {
    std::string out = "(";
    out.reserve(bytes.size() + 2);
    for (const char c : bytes) {
        const auto byte = static_cast<unsigned char>(c);
        if (c == '(' || c == ')' || c == '\\') {
            out += '\\';
            out += c;
        } else if (byte < 0x20 || byte == 0x7F) {
            char octal[8];
            std::snprintf(octal, sizeof octal, "\\%03o", static_cast<unsigned>(byte));
            out += octal;
        } else {
            out += c;
        }
    }
    out += ')';
    return out;
}

std::string PdfTextString(std::string_view utf8) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string out = "<FEFF";
    const auto unit = [&](unsigned value) {
        for (int shift = 12; shift >= 0; shift -= 4)
            out += kHex[(value >> static_cast<unsigned>(shift)) & 0xFU];
    };
    for (const char32_t cp : core::DecodeUtf8(utf8)) {
        if (cp >= 0x10000) {
            const unsigned v = static_cast<unsigned>(cp) - 0x10000U;
            unit(0xD800U + (v >> 10U));
            unit(0xDC00U + (v & 0x3FFU));
        } else {
            unit(static_cast<unsigned>(cp));
        }
    }
    out += '>';
    return out;
}

std::string PdfNumber(double value) {
    const long long thousandths = std::llround(value * 1000.0);
    if (thousandths == 0) return "0";
    std::string out = thousandths < 0 ? "-" : "";
    const unsigned long long magnitude = thousandths < 0 ? 0ULL - static_cast<unsigned long long>(thousandths)
                                                         : static_cast<unsigned long long>(thousandths);
    out += std::to_string(magnitude / 1000);
    unsigned long long fraction = magnitude % 1000;
    if (fraction != 0) {
        std::string digits = std::to_string(fraction);
        digits.insert(0, 3 - digits.size(), '0');
        while (digits.back() == '0') digits.pop_back();
        out += '.' + digits;
    }
    return out;
}

std::string PdfStream(std::string_view extra_entries, std::string_view data) {
    std::string out = "<< /Length " + std::to_string(data.size());
    if (!extra_entries.empty()) {
        out += ' ';
        out += extra_entries;
    }
    out += " >>\nstream\n";
    out += data;
    out += "\nendstream";
    return out;
}

}  // namespace passeur::certificate
