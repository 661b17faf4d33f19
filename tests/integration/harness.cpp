#include "harness.hpp"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <stdexcept>
#include <thread>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

namespace passeur::testing {

namespace {

std::string Lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

void WriteAll(int fd, const std::string& data) {
    std::size_t off = 0;
    while (off < data.size()) {
        ssize_t n = ::write(fd, data.data() + off, data.size() - off);
        if (n < 0) {
            if (errno == EINTR) continue;
            return;
        }
        off += static_cast<std::size_t>(n);
    }
}

// Reads what is available on fd within timeout_ms; returns false on EOF.
bool ReadSome(int fd, std::string& into, int timeout_ms) {
    pollfd p{fd, POLLIN, 0};
    int r = ::poll(&p, 1, timeout_ms);
    if (r <= 0) return true;
    char buf[4096];
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n <= 0) return false;
    into.append(buf, static_cast<std::size_t>(n));
    return true;
}

pid_t Spawn(const std::vector<std::string>& args, int* in_fd, int* out_fd, int* err_fd) {
    int in[2], out[2], err[2];
    if (::pipe(in) != 0 || ::pipe(out) != 0 || ::pipe(err) != 0) throw std::runtime_error("pipe failed");
    pid_t pid = ::fork();
    if (pid < 0) throw std::runtime_error("fork failed");
    if (pid == 0) {
        ::dup2(in[0], 0);
        ::dup2(out[1], 1);
        ::dup2(err[1], 2);
        for (int fd : {in[0], in[1], out[0], out[1], err[0], err[1]}) ::close(fd);
        std::vector<char*> argv;
        std::string bin = PasseurBin();
        argv.push_back(bin.data());
        std::vector<std::string> copy = args;
        for (auto& a : copy) argv.push_back(a.data());
        argv.push_back(nullptr);
        ::execv(bin.c_str(), argv.data());
        std::_Exit(127);
    }
    ::close(in[0]);
    ::close(out[1]);
    ::close(err[1]);
    *in_fd = in[1];
    *out_fd = out[0];
    *err_fd = err[0];
    return pid;
}

}  // namespace

std::string PasseurBin() {
    const char* bin = std::getenv("PASSEUR_BIN");
    if (bin == nullptr || *bin == '\0') throw std::runtime_error("PASSEUR_BIN is not set");
    return bin;
}

std::string TempDir() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "passeur-it-XXXXXX").string();
    if (::mkdtemp(tmpl.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    static std::vector<std::string> dirs;
    static const bool registered = [] {
        std::atexit([] {
            std::error_code ec;
            for (const auto& d : dirs) std::filesystem::remove_all(d, ec);
        });
        return true;
    }();
    (void)registered;
    dirs.push_back(tmpl);
    return tmpl;
}

CommandResult RunPasseur(const std::vector<std::string>& args, const std::string& stdin_text) {
    int in_fd, out_fd, err_fd;
    pid_t pid = Spawn(args, &in_fd, &out_fd, &err_fd);
    WriteAll(in_fd, stdin_text);
    ::close(in_fd);
    CommandResult result;
    bool out_open = true, err_open = true;
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while ((out_open || err_open) && std::chrono::steady_clock::now() < deadline) {
        if (out_open) out_open = ReadSome(out_fd, result.out, 20);
        if (err_open) err_open = ReadSome(err_fd, result.err, 20);
    }
    ::close(out_fd);
    ::close(err_fd);
    int status = 0;
    if (out_open || err_open) ::kill(pid, SIGKILL);
    ::waitpid(pid, &status, 0);
    result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    return result;
}

std::optional<std::string> HttpResponse::Header(const std::string& name) const {
    auto it = headers.find(Lower(name));
    if (it == headers.end()) return std::nullopt;
    return it->second;
}

std::vector<std::string> HttpResponse::Headers(const std::string& name) const {
    std::vector<std::string> out;
    auto range = headers.equal_range(Lower(name));
    for (auto it = range.first; it != range.second; ++it) out.push_back(it->second);
    return out;
}

HttpResponse HttpRequest(std::uint16_t port, const std::string& method, const std::string& target,
                         const std::map<std::string, std::string>& headers, const std::string& body) {
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0) throw std::runtime_error("socket failed");
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
        ::close(fd);
        throw std::runtime_error("connect failed");
    }
    std::string req = method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1:" + std::to_string(port) +
                      "\r\nConnection: close\r\n";
    for (const auto& [k, v] : headers) req += k + ": " + v + "\r\n";
    if (!body.empty() || method == "POST" || method == "PUT" || method == "PATCH") {
        req += "Content-Length: " + std::to_string(body.size()) + "\r\n";
    }
    req += "\r\n" + body;
    WriteAll(fd, req);
    std::string raw;
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (std::chrono::steady_clock::now() < deadline && ReadSome(fd, raw, 50)) {
    }
    ::close(fd);

    HttpResponse response;
    auto head_end = raw.find("\r\n\r\n");
    if (head_end == std::string::npos) throw std::runtime_error("no HTTP response head: " + raw);
    std::string head = raw.substr(0, head_end);
    std::string rest = raw.substr(head_end + 4);
    std::size_t line_end = head.find("\r\n");
    std::string status_line = head.substr(0, line_end);
    response.status = std::atoi(status_line.substr(9, 3).c_str());
    std::size_t pos = line_end == std::string::npos ? head.size() : line_end + 2;
    while (pos < head.size()) {
        std::size_t e = head.find("\r\n", pos);
        if (e == std::string::npos) e = head.size();
        std::string line = head.substr(pos, e - pos);
        auto colon = line.find(':');
        if (colon != std::string::npos) {
            std::string value = line.substr(colon + 1);
            value.erase(0, value.find_first_not_of(' '));
            response.headers.emplace(Lower(line.substr(0, colon)), value);
        }
        pos = e + 2;
    }
    if (auto te = response.Header("transfer-encoding");
        te && Lower(*te).find("chunked") != std::string::npos) {
        std::string decoded;
        std::size_t p = 0;
        while (p < rest.size()) {
            std::size_t e = rest.find("\r\n", p);
            if (e == std::string::npos) break;
            std::size_t len = std::stoul(rest.substr(p, e - p), nullptr, 16);
            if (len == 0) break;
            decoded += rest.substr(e + 2, len);
            p = e + 2 + len + 2;
        }
        response.body = decoded;
    } else {
        response.body = rest;
    }
    return response;
}

ServerProcess::ServerProcess(const std::string& subcommand, std::vector<std::string> args) {
    std::vector<std::string> full = {subcommand, "--address", "127.0.0.1", "--port", "0"};
    full.insert(full.end(), args.begin(), args.end());
    int in_fd, err_fd;
    pid_ = Spawn(full, &in_fd, &stdout_fd_, &err_fd);
    ::close(in_fd);
    // stderr (application log) is inherited by nobody: drain it in the background so the child never blocks.
    std::thread([err_fd] {
        char buf[4096];
        while (::read(err_fd, buf, sizeof buf) > 0) {
        }
        ::close(err_fd);
    }).detach();
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    const std::string marker = "passeur listening on http://127.0.0.1:";
    while (std::chrono::steady_clock::now() < deadline) {
        if (!ReadSome(stdout_fd_, banner_, 50)) break;
        auto at = banner_.find(marker);
        if (at != std::string::npos) {
            auto end = banner_.find('\n', at);
            if (end != std::string::npos) {
                port_ =
                    static_cast<std::uint16_t>(std::atoi(banner_.substr(at + marker.size(), end).c_str()));
                // Give the demo banner (logins) a moment to arrive.
                for (int i = 0; i < 5; ++i) ReadSome(stdout_fd_, banner_, 20);
                break;
            }
        }
    }
    if (port_ == 0) {
        int status = 0;
        ::kill(pid_, SIGKILL);
        ::waitpid(pid_, &status, 0);
        pid_ = -1;
        throw std::runtime_error("passeur did not start; stdout: " + banner_);
    }
    // Keep draining stdout (the access log) so the child never blocks on a full pipe.
    int fd = stdout_fd_;
    stdout_fd_ = -1;
    std::thread([fd] {
        char buf[4096];
        while (::read(fd, buf, sizeof buf) > 0) {
        }
        ::close(fd);
    }).detach();
}

int ServerProcess::Stop(int timeout_ms) {
    if (pid_ <= 0) return -1;
    ::kill(pid_, SIGTERM);
    int status = 0;
    auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
    while (std::chrono::steady_clock::now() < deadline) {
        pid_t r = ::waitpid(pid_, &status, WNOHANG);
        if (r == pid_) {
            pid_ = -1;
            return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, &status, 0);
    pid_ = -1;
    return -1;
}

ServerProcess::~ServerProcess() { Stop(); }

std::string CookieHeader(const HttpResponse& response) {
    std::string out;
    for (const auto& sc : response.Headers("set-cookie")) {
        std::string pair = sc.substr(0, sc.find(';'));
        if (pair.find('=') == pair.size() - 1) continue;  // deleted cookie
        if (!out.empty()) out += "; ";
        out += pair;
    }
    return out;
}

}  // namespace passeur::testing
