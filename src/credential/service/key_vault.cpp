#include "credential/service/key_vault.hpp"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include <sodium.h>

#include "core/encoding.hpp"
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace passeur::credential {
namespace {

core::Error KeyFileError(const std::string& path, const std::string& problem) {
    return core::Error::InvalidArgument("key file " + path + ": " + problem, "--key-file");
}

}  // namespace

KeyVault::KeyVault(const std::array<std::uint8_t, 32>& kek) : kek_(kek) {
    kek_id_ = core::Sha256Hex(std::string_view(reinterpret_cast<const char*>(kek_.data()), kek_.size()))
                  .substr(0, 16);
}

KeyVault KeyVault::FromKek(const std::array<std::uint8_t, 32>& kek) { return KeyVault(kek); }

core::Result<KeyVault> KeyVault::LoadOrCreate(const std::string& path, bool create, core::Random& random) {
    if (path.empty()) return core::Fail(core::Error::InvalidArgument("no key file given", "--key-file"));
    std::array<std::uint8_t, 32> kek{};
    std::ifstream in(path);
    if (!in) {
        if (!create)
            return core::Fail(KeyFileError(path, "cannot be read (create a key with `passeur keys create`)"));
        random.Fill(kek.data(), kek.size());
        const std::string text =
            core::HexEncode(std::string_view(reinterpret_cast<const char*>(kek.data()), kek.size())) + "\n";
        const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
        if (fd < 0)
            return core::Fail(KeyFileError(path, std::string("cannot be created: ") + std::strerror(errno)));
        const bool written = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size());
        const bool synced = ::fsync(fd) == 0;
        ::close(fd);
        sodium_memzero(const_cast<char*>(text.data()), text.size());
        if (!written || !synced) return core::Fail(KeyFileError(path, "could not be written"));
        return KeyVault(kek);
    }
    struct stat st {};
    if (::stat(path.c_str(), &st) == 0 && (st.st_mode & 0077) != 0) {
        return core::Fail(KeyFileError(path, "is readable by other users: chmod 600 it"));
    }
    std::stringstream buffer;
    buffer << in.rdbuf();
    std::string text = buffer.str();
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r' || text.back() == ' '))
        text.pop_back();
    if (text.size() != 64) return core::Fail(KeyFileError(path, "must hold 64 hexadecimal characters"));
    for (std::size_t i = 0; i < 32; ++i) {
        unsigned value = 0;
        for (std::size_t j = 0; j < 2; ++j) {
            const char c = text[2 * i + j];
            unsigned digit = 0;
            if (c >= '0' && c <= '9') {
                digit = static_cast<unsigned>(c - '0');
            } else if (c >= 'a' && c <= 'f') {
                digit = static_cast<unsigned>(c - 'a' + 10);
            } else if (c >= 'A' && c <= 'F') {
                digit = static_cast<unsigned>(c - 'A' + 10);
            } else {
                return core::Fail(KeyFileError(path, "must hold 64 hexadecimal characters"));
            }
            value = value * 16 + digit;
        }
        kek[i] = static_cast<std::uint8_t>(value);
    }
    sodium_memzero(text.data(), text.size());
    return KeyVault(kek);
}

std::string KeyVault::Seal(std::string_view secret, std::string_view key_id, core::Random& random) const {
    std::string out(crypto_aead_xchacha20poly1305_ietf_NPUBBYTES + secret.size() +
                        crypto_aead_xchacha20poly1305_ietf_ABYTES,
                    '\0');
    auto* bytes = reinterpret_cast<unsigned char*>(out.data());
    random.Fill(bytes, crypto_aead_xchacha20poly1305_ietf_NPUBBYTES);
    unsigned long long written = 0;
    crypto_aead_xchacha20poly1305_ietf_encrypt(
        bytes + crypto_aead_xchacha20poly1305_ietf_NPUBBYTES, &written,
        reinterpret_cast<const unsigned char*>(secret.data()), secret.size(),
        reinterpret_cast<const unsigned char*>(key_id.data()), key_id.size(), nullptr, bytes, kek_.data());
    return core::Base64UrlEncode(out);
}

core::Result<std::string> KeyVault::Open(std::string_view sealed, std::string_view key_id) const {
    auto raw = core::Base64UrlDecode(sealed);
    if (!raw || raw->size() < crypto_aead_xchacha20poly1305_ietf_NPUBBYTES +
                                  crypto_aead_xchacha20poly1305_ietf_ABYTES) {
        return core::Fail(
            core::Error::InvalidArgument("the sealed secret of " + std::string(key_id) + " is malformed"));
    }
    const auto* bytes = reinterpret_cast<const unsigned char*>(raw->data());
    const std::size_t cipher_size = raw->size() - crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
    std::string plain(cipher_size - crypto_aead_xchacha20poly1305_ietf_ABYTES, '\0');
    unsigned long long plain_size = 0;
    if (crypto_aead_xchacha20poly1305_ietf_decrypt(
            reinterpret_cast<unsigned char*>(plain.data()), &plain_size, nullptr,
            bytes + crypto_aead_xchacha20poly1305_ietf_NPUBBYTES, cipher_size,
            reinterpret_cast<const unsigned char*>(key_id.data()), key_id.size(), bytes, kek_.data()) != 0) {
        return core::Fail(core::Error::InvalidArgument("the secret of " + std::string(key_id) +
                                                       " does not open with this key file (kek " + kek_id_ +
                                                       ")"));
    }
    plain.resize(plain_size);
    return plain;
}

std::string DefaultKeyFile(std::string_view db_url) {
    if (db_url.rfind("sqlite:", 0) == 0 && db_url.size() > 7)
        return std::string(db_url.substr(7)) + ".issuer-key";
    return "passeur-issuer.key";
}

}  // namespace passeur::credential
