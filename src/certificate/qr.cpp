#include "certificate/qr.hpp"

#include <cerrno>
#include <memory>
#include <string>

#include "core/encoding.hpp"
#include "core/unicode.hpp"
#include <qrencode.h>

namespace passeur::certificate {
namespace {

struct QrCodeDeleter {
    void operator()(QRcode* code) const { QRcode_free(code); }
};

// `title` made safe for XML character data: valid UTF-8, no control characters, entities escaped.
std::string SvgText(std::string_view title) {
    std::string clean = core::SanitizeUtf8(title);
    for (char& c : clean) {
        const auto byte = static_cast<unsigned char>(c);
        if (byte < 0x20 || byte == 0x7f) c = ' ';
    }
    return core::EscapeXml(clean);
}

}  // namespace

core::Result<QrMatrix> EncodeQr(std::string_view text) {
    if (text.empty()) {
        return core::Fail(core::Error::InvalidArgument("QR code: the text to encode is empty", "text"));
    }
    if (text.size() > kMaxQrTextBytes) {
        return core::Fail(core::Error::InvalidArgument("QR code: the text is " + std::to_string(text.size()) +
                                                           " bytes long, more than the " +
                                                           std::to_string(kMaxQrTextBytes) + " allowed",
                                                       "text"));
    }
    errno = 0;
    std::unique_ptr<QRcode, QrCodeDeleter> code(QRcode_encodeData(
        static_cast<int>(text.size()), reinterpret_cast<const unsigned char*>(text.data()), 0, QR_ECLEVEL_M));
    if (!code) {
        const int error = errno;
        if (error == ERANGE) {
            return core::Fail(
                core::Error::InvalidArgument("QR code: the text is too long for a QR code", "text"));
        }
        return core::Fail(
            core::Error::Internal("QR code: libqrencode failed (errno " + std::to_string(error) + ")"));
    }
    QrMatrix matrix;
    matrix.size = code->width;
    const auto count = static_cast<std::size_t>(code->width) * static_cast<std::size_t>(code->width);
    matrix.modules.resize(count);
    // libqrencode: bit 0 of each byte is the module colour (1 = dark); the other bits are flags.
    for (std::size_t i = 0; i < count; ++i) matrix.modules[i] = (code->data[i] & 1U) != 0;
    return matrix;
}

std::string QrSvg(const QrMatrix& qr, std::string_view title) {
    if (qr.size <= 0) return {};
    const int full = qr.size + 2 * kQrQuietZoneModules;
    const std::string n = std::to_string(full);
    const std::string px = std::to_string(full * 4);
    std::string svg;
    svg.reserve(static_cast<std::size_t>(qr.size) * static_cast<std::size_t>(qr.size) * 4 + 512);
    svg += "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" viewBox=\"0 0 " + n + " " + n +
           "\" width=\"" + px + "\" height=\"" + px + "\" shape-rendering=\"crispEdges\">";
    svg += "<title>" + SvgText(title) + "</title>";
    svg += "<rect width=\"" + n + "\" height=\"" + n + "\" fill=\"#fff\"/>";
    svg += "<path fill=\"#000\" d=\"";
    for (int y = 0; y < qr.size; ++y) {
        int x = 0;
        while (x < qr.size) {
            if (!qr.At(x, y)) {
                ++x;
                continue;
            }
            const int start = x;
            while (x < qr.size && qr.At(x, y)) ++x;
            const std::string run = std::to_string(x - start);
            svg += "M" + std::to_string(start + kQrQuietZoneModules) + " " +
                   std::to_string(y + kQrQuietZoneModules) + "h" + run + "v1h-" + run + "z";
        }
    }
    svg += "\"/></svg>";
    return svg;
}

}  // namespace passeur::certificate
