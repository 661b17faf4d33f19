#include "app/cli.hpp"

int main(int argc, char** argv) { return passeur::app::Main(argc, argv); }
