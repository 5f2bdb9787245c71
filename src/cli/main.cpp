#include "src/cli/app.hpp"

#include <iostream>

int main(int argc, char** argv) {
  return gridtheory::cli::run(argc, argv, std::cout, std::cerr);
}
