#include "credential/status_list.hpp"

#include <algorithm>
#include <cstdlib>
#include <string>
#include <utility>

#include "credential/multibase.hpp"
#include <zlib.h>

namespace passeur::credential {
namespace {

core::Error Invalid(std::string message) {
    return core::Error::InvalidArgument("encodedList: " + std::move(message), "encodedList");
}

core::Result<void> CheckIndex(std::size_t index, std::size_t size) {
    if (index >= size) {
        return core::Fail(core::Error::InvalidArgument("status list index " + std::to_string(index) +
                                                           " is out of range (size " + std::to_string(size) +
                                                           ")",
                                                       "statusListIndex"));
    }
    return core::Ok();
}

}  // namespace

core::Result<StatusList> StatusList::Create(std::size_t bits) {
    if (bits < kMinStatusListBits || bits % 8 != 0 || bits / 8 > kMaxStatusListBytes) {
        return core::Fail(core::Error::InvalidArgument(
            "a status list has a multiple of 8 entries between " + std::to_string(kMinStatusListBits) +
            " and " + std::to_string(kMaxStatusListBytes * 8) + ", not " + std::to_string(bits)));
    }
    return StatusList(std::string(bits / 8, '\0'));
}

core::Result<StatusList> StatusList::FromBytes(std::string bytes) {
    PASSEUR_TRY(Create(bytes.size() * 8));
    return StatusList(std::move(bytes));
}

core::Result<StatusList> StatusList::Decode(std::string_view encoded_list, std::size_t max_bytes) {
    max_bytes = std::min(max_bytes, kMaxStatusListBytes);
    if (encoded_list.empty() || encoded_list.front() != 'u') {
        return core::Fail(Invalid("expected multibase base64url (prefix 'u')"));
    }
    // GZIP of a bitstring of max_bytes is at most about max_bytes + 0.1% + 18 bytes.
    const std::size_t max_chars = 1 + ((max_bytes + max_bytes / 512 + 64) * 4 + 2) / 3;
    auto compressed = MultibaseDecode(encoded_list, max_chars);
    if (!compressed) return core::Fail(Invalid(compressed.error().message));
    if (compressed->size() < 18 || static_cast<unsigned char>((*compressed)[0]) != 0x1f ||
        static_cast<unsigned char>((*compressed)[1]) != 0x8b) {
        return core::Fail(Invalid("not GZIP data (RFC 1952 magic bytes 1f 8b)"));
    }
    z_stream stream{};
    if (inflateInit2(&stream, 16 + MAX_WBITS) != Z_OK) {
        return core::Fail(core::Error::Internal("zlib inflateInit2 failed"));
    }
    std::string out(std::min<std::size_t>(max_bytes, 64 * 1024), '\0');
    stream.next_in = reinterpret_cast<Bytef*>(compressed->data());
    stream.avail_in = static_cast<uInt>(compressed->size());
    int status = Z_OK;
    std::string error;
    while (true) {
        if (stream.total_out == out.size()) {
            if (out.size() >= max_bytes) {
                // Room is full: one more byte means too much.
                unsigned char probe = 0;
                stream.next_out = &probe;
                stream.avail_out = 1;
                status = inflate(&stream, Z_NO_FLUSH);
                if (stream.total_out > out.size()) {
                    error = "the decompressed bitstring is over the limit of " + std::to_string(max_bytes) +
                            " bytes";
                    break;
                }
                if (status == Z_STREAM_END) break;
                if (status == Z_OK) continue;  // progress without output (e.g. the GZIP trailer)
                error = stream.avail_in == 0 ? "truncated GZIP data" : "corrupt GZIP data";
                break;
            }
            out.resize(std::min(out.size() * 2, max_bytes));
        }
        stream.next_out = reinterpret_cast<Bytef*>(out.data() + stream.total_out);
        stream.avail_out = static_cast<uInt>(out.size() - stream.total_out);
        status = inflate(&stream, Z_NO_FLUSH);
        if (status == Z_STREAM_END) break;
        if (status == Z_BUF_ERROR && stream.avail_in == 0) {
            error = "truncated GZIP data";
            break;
        }
        if (status != Z_OK && status != Z_BUF_ERROR) {
            error = std::string("corrupt GZIP data") +
                    (stream.msg != nullptr ? std::string(" (") + stream.msg + ")" : "");
            break;
        }
    }
    const std::size_t produced = stream.total_out;
    const std::size_t left_in = stream.avail_in;
    inflateEnd(&stream);
    if (!error.empty()) return core::Fail(Invalid(error));
    if (left_in != 0) return core::Fail(Invalid(std::to_string(left_in) + " bytes after the GZIP member"));
    out.resize(produced);
    if (out.size() * 8 < kMinStatusListBits) {
        return core::Fail(Invalid("the bitstring has " + std::to_string(out.size() * 8) +
                                  " entries, fewer than the minimum " + std::to_string(kMinStatusListBits)));
    }
    return StatusList(std::move(out));
}

std::string StatusList::Encode() const {
    z_stream stream{};
    // windowBits 16 + 15: a GZIP wrapper (header with mtime 0, no name), so the output is stable.
    if (deflateInit2(&stream, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY) !=
        Z_OK) {
        std::abort();  // only on allocation failure
    }
    std::string compressed(deflateBound(&stream, static_cast<uLong>(bytes_.size())) + 32, '\0');
    stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes_.data()));
    stream.avail_in = static_cast<uInt>(bytes_.size());
    stream.next_out = reinterpret_cast<Bytef*>(compressed.data());
    stream.avail_out = static_cast<uInt>(compressed.size());
    const int status = deflate(&stream, Z_FINISH);
    if (status != Z_STREAM_END) std::abort();  // the buffer is deflateBound: cannot happen
    compressed.resize(stream.total_out);
    deflateEnd(&stream);
    return MultibaseBase64Url(compressed);
}

core::Result<bool> StatusList::Get(std::size_t index) const {
    PASSEUR_TRY(CheckIndex(index, Size()));
    const auto byte = static_cast<unsigned char>(bytes_[index / 8]);
    return ((byte >> (7 - index % 8)) & 1U) != 0;
}

core::Result<void> StatusList::Set(std::size_t index, bool value) {
    PASSEUR_TRY(CheckIndex(index, Size()));
    auto byte = static_cast<unsigned char>(bytes_[index / 8]);
    const auto mask = static_cast<unsigned char>(1U << (7 - index % 8));
    byte = value ? static_cast<unsigned char>(byte | mask) : static_cast<unsigned char>(byte & ~mask);
    bytes_[index / 8] = static_cast<char>(byte);
    return core::Ok();
}

}  // namespace passeur::credential
