// Driver for Steininger's solver (github.com/ChristopheSteininger/c4), built by build.sh.
// Reads "moves [expected]" lines; per line: clear the table, strong solve, prints score nodes cpu_seconds.
#include <ctime>
#include <iostream>
#include <sstream>
#include "solver/position.h"
#include "solver/solver.h"
int main() {
    Solver solver{};
    std::string line;
    while (std::getline(std::cin, line)) {
        std::istringstream in(line); std::string moves; in >> moves;
        Position pos{};
        for (char c : moves) pos.move(c - '1');
        solver.clear_state();
        std::clock_t c0 = std::clock();
        int score = solver.solve_strong(pos);
        double cpu = double(std::clock() - c0) / CLOCKS_PER_SEC;
        std::cout << score << " " << solver.get_merged_stats().get_num_nodes() << " " << cpu << std::endl;
    }
}
