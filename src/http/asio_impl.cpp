// Compiles the Asio and Beast implementations once for the whole program (separate compilation:
// see the PUBLIC definitions of target passeur_asio). No other file includes implementation code.
#include <utility>

#include <boost/asio/impl/src.hpp>
#include <boost/beast/src.hpp>
