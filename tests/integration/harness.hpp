// Test harness for integration tests: runs the real `passeur` binary (path in env PASSEUR_BIN)
// and talks HTTP/1.1 to it over loopback with plain blocking sockets.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <sys/types.h>

namespace passeur::testing {

struct CommandResult {
    int exit_code = -1;
    std::string out;
    std::string err;
};

// Runs the binary with `args` to completion, feeding `stdin_text`. Times out after 60 s.
CommandResult RunPasseur(const std::vector<std::string>& args, const std::string& stdin_text = "");

struct HttpResponse {
    int status = 0;
    std::multimap<std::string, std::string> headers;  // names lower-cased
    std::string body;
    std::optional<std::string> Header(const std::string& name) const;
    std::vector<std::string> Headers(const std::string& name) const;
};

// One request on a fresh connection ("Connection: close"). Throws std::runtime_error on I/O failure.
HttpResponse HttpRequest(std::uint16_t port, const std::string& method, const std::string& target,
                         const std::map<std::string, std::string>& headers = {},
                         const std::string& body = "");

// A `passeur serve|demo` child process on 127.0.0.1 and a free port; stopped (SIGTERM) on destruction.
class ServerProcess {
public:
    // args after the subcommand; "--port 0 --address 127.0.0.1" are added.
    ServerProcess(const std::string& subcommand, std::vector<std::string> args);
    ~ServerProcess();
    ServerProcess(const ServerProcess&) = delete;
    ServerProcess& operator=(const ServerProcess&) = delete;

    std::uint16_t port() const { return port_; }
    const std::string& banner() const { return banner_; }  // stdout up to and including the logins
    // Sends SIGTERM and waits; returns the exit status (or -1 on timeout, after SIGKILL).
    int Stop(int timeout_ms = 15000);
    pid_t pid() const { return pid_; }

private:
    pid_t pid_ = -1;
    int stdout_fd_ = -1;
    std::uint16_t port_ = 0;
    std::string banner_;
};

std::string PasseurBin();
std::string TempDir();  // a fresh folder under /tmp, removed at exit

// Cookie "name=value" pairs from Set-Cookie headers, joined for a Cookie header.
std::string CookieHeader(const HttpResponse& response);

}  // namespace passeur::testing
