// QR codes for credential verification links: encoding (libqrencode) and an accessible inline SVG.
//
// Contract: EncodeQr encodes the bytes of `text` in 8-bit (byte) mode at error correction level M,
// in the smallest version (1..40) that holds them; the mask is libqrencode's choice (the lowest
// penalty), so the same text always gives the same matrix. Thread-safe (libqrencode is built with
// pthread support on Debian). Pure: no I/O.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace passeur::certificate {

// Longest text EncodeQr accepts, in bytes (a version 26 symbol at level M holds 1,059).
inline constexpr std::size_t kMaxQrTextBytes = 1'000;
// Width of the quiet zone (light margin) the QR specification requires, in modules.
inline constexpr int kQrQuietZoneModules = 4;

// A QR symbol without its quiet zone: `size` x `size` modules, row-major, true = dark.
struct QrMatrix {
    int size = 0;  // 21 + 4 * (version - 1)
    std::vector<bool> modules;

    // Module at column x, row y (0,0 = top left). Precondition: 0 <= x, y < size.
    bool At(int x, int y) const {
        return modules[static_cast<std::size_t>(y) * static_cast<std::size_t>(size) +
                       static_cast<std::size_t>(x)];
    }
    // QR version (1..40) derived from the size.
    int Version() const { return (size - 17) / 4; }
};

// Encodes `text` (any bytes; usually an https URL). Errors (InvalidArgument, field "text"): empty
// text, more than kMaxQrTextBytes bytes. Internal: libqrencode failed (out of memory).
core::Result<QrMatrix> EncodeQr(std::string_view text);

// An inline SVG for HTML pages: role="img" with a <title> (the accessible name; `title` is
// escaped, its control characters replaced by spaces and ill-formed UTF-8 by U+FFFD), a white
// background including a quiet zone of kQrQuietZoneModules, and one black <path> made of one
// horizontal run per group of adjacent dark modules, drawn with shape-rendering="crispEdges".
// Coordinates are in modules (viewBox "0 0 N N", N = size + 8); width and height are 4 px per
// module, which a stylesheet may override. No style attribute (the CSP forbids inline styles).
// An empty matrix gives an empty string.
std::string QrSvg(const QrMatrix& qr, std::string_view title);

}  // namespace passeur::certificate
