// Reads "moves [expected]" lines; per line: table reset, solve, prints score nodes cpu_seconds.
#include "Solver.hpp" // Pons' solver (github.com/PascalPons/connect4), built by build.sh
#include <iostream>
#include <sstream>
#include <ctime>
using namespace GameSolver::Connect4;
int main() {
  Solver solver;
  std::string line;
  while (std::getline(std::cin, line)) {
    std::istringstream in(line); std::string moves; in >> moves;
    Position P;
    if (P.play(moves) != moves.size()) { std::cout << "invalid" << std::endl; continue; }
    solver.reset();
    std::clock_t c0 = std::clock();
    int score = solver.solve(P, false);
    double cpu = double(std::clock() - c0) / CLOCKS_PER_SEC;
    std::cout << score << " " << solver.getNodeCount() << " " << cpu << std::endl;
  }
}
