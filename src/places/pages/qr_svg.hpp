// A QR code (libqrencode) drawn as inline SVG, for the printed orientation sheet: the person scans
// it to open the place's page. CSP-safe (no style, no script), labelled as an image.
#pragma once

#include <string>
#include <string_view>

#include "core/result.hpp"

namespace passeur::places {

// The QR code of `text` (at most 1024 bytes; error correction level M, byte mode) as an <svg>
// element with a 4-module quiet zone, role="img" and aria-label `label` (XML-escaped),
// `size_px` wide and high. kInvalidArgument when `text` is empty or too long, kInternal when
// libqrencode fails.
core::Result<std::string> QrCodeSvg(std::string_view text, std::string_view label, int size_px = 128);

// The number of modules on one side of the QR code of `text` (21 for version 1, +4 per version);
// for tests. nullopt-like 0 when encoding fails.
int QrCodeWidth(std::string_view text);

}  // namespace passeur::places
