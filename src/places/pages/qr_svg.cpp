#include "places/pages/qr_svg.hpp"

#include <memory>
#include <string>

#include "core/encoding.hpp"
#include <qrencode.h>

namespace passeur::places {
namespace {

constexpr std::size_t kMaxQrBytes = 1024;
constexpr int kQuietZone = 4;

struct QrFree {
    void operator()(QRcode* code) const { QRcode_free(code); }
};
using QrPtr = std::unique_ptr<QRcode, QrFree>;

QrPtr Encode(std::string_view text) {
    const std::string copy(text);  // libqrencode wants a NUL-terminated string
    return QrPtr(QRcode_encodeString8bit(copy.c_str(), 0, QR_ECLEVEL_M));
}

}  // namespace

core::Result<std::string> QrCodeSvg(std::string_view text, std::string_view label, int size_px) {
    if (text.empty() || text.size() > kMaxQrBytes) {
        return core::Fail(
            core::Error::InvalidArgument("QR code: texte vide ou de plus de 1024 octets.", "text"));
    }
    if (text.find('\0') != std::string_view::npos) {
        return core::Fail(core::Error::InvalidArgument("QR code: caractère NUL dans le texte.", "text"));
    }
    QrPtr code = Encode(text);
    if (!code) return core::Fail(core::Error::Internal("QR code: libqrencode n'a pas pu encoder le texte."));
    const int width = code->width;
    const int side = width + 2 * kQuietZone;
    std::string path;
    path.reserve(static_cast<std::size_t>(width * width) * 4);
    for (int y = 0; y < width; ++y) {
        for (int x = 0; x < width; ++x) {
            // Bit 0 of each byte: 1 = dark module.
            if ((code->data[y * width + x] & 1) == 0) continue;
            path += "M" + std::to_string(x + kQuietZone) + "," + std::to_string(y + kQuietZone) + "h1v1h-1z";
        }
    }
    const std::string size = std::to_string(size_px);
    const std::string view = std::to_string(side);
    return "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " + view + " " + view + "\" width=\"" +
           size + "\" height=\"" + size + "\" role=\"img\" aria-label=\"" + core::EscapeXml(label) +
           "\" shape-rendering=\"crispEdges\" class=\"passeur-qr\"><rect width=\"" + view + "\" height=\"" +
           view + "\" fill=\"#ffffff\"/><path d=\"" + path + "\" fill=\"#000000\"/></svg>";
}

int QrCodeWidth(std::string_view text) {
    if (text.empty() || text.size() > kMaxQrBytes) return 0;
    QrPtr code = Encode(text);
    return code ? code->width : 0;
}

}  // namespace passeur::places
