// Badge images: the strict check of an uploaded SVG and the generated default image. Pure.
//
// An uploaded SVG is accepted only when all of this holds (else kInvalidArgument, field `field`,
// a French message naming the problem and its line):
//   - at most kMaxSvgBytes bytes of valid UTF-8;
//   - well-formed XML: one root element, balanced tags, quoted attribute values, no duplicate
//     attribute, only the predefined entities and character references, comments without "--",
//     an optional XML declaration; no DOCTYPE (no entity definitions), no other processing
//     instruction (<?xml-stylesheet?> loads external style sheets);
//   - the root is <svg xmlns="http://www.w3.org/2000/svg">, nesting at most kMaxSvgDepth deep, at
//     most kMaxSvgElements elements;
//   - every element is a static SVG element of the allowlist (shapes, text, gradients, patterns,
//     masks, filters, <style>, <image>): no <script>, <foreignObject>, <a>, animation (<set>,
//     <animate...> can rewrite links) nor any prefixed element (other namespaces, e.g. XHTML);
//   - no event attribute (local name starting with "on", any case, any prefix);
//   - every href (plain or prefixed, e.g. xlink:href) is a local reference "#id" or an embedded
//     raster image data:image/(png|jpeg|gif|webp);base64,...;
//   - no attribute value or style text (after decoding character references) containing a script
//     URL (javascript:, vbscript:), a url(...) that is not local (#id), @import or expression(.
// The SVG is stored and served as given (never rewritten).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace passeur::badge {

inline constexpr std::size_t kMaxSvgBytes = 64 * 1024;
inline constexpr int kMaxSvgDepth = 64;
inline constexpr int kMaxSvgElements = 5000;

// The Content-Security-Policy sent with /badges/{id}/image.svg: nothing may load or run; inline
// styles (SVG presentation) and embedded data: images only.
inline constexpr std::string_view kSvgContentSecurityPolicy =
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; sandbox";

core::Result<void> ValidateBadgeSvg(std::string_view svg, std::string_view field = "image_svg");

// The generated image of a badge without one: a 200×200 medal in a colour chosen from `badge_id`,
// with a star and the initials of `name`; role="img" with a <title> "Badge : <name>". Passes
// ValidateBadgeSvg.
std::string DefaultBadgeSvg(std::string_view name, std::string_view badge_id);

}  // namespace passeur::badge
