#include "terminal_guard.h"

#include <signal.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

static struct termios saved_terminal;
static volatile sig_atomic_t terminal_saved = 0;
static struct sigaction previous[NSIG];
static const int fatal_signals[] = { SIGSEGV, SIGILL, SIGBUS, SIGFPE, SIGABRT, SIGTRAP, SIGSYS };
static const unsigned fatal_count = sizeof fatal_signals / sizeof fatal_signals[0];

void vd_guard_save_terminal(void) {
    if (tcgetattr(STDIN_FILENO, &saved_terminal) == 0) terminal_saved = 1;
}

/// Only async-signal-safe calls: write(2), tcsetattr(3), sigaction(2), raise(3).
static void on_fatal_signal(int signal) {
    static const char reset[] = "\033[0m\033[?25h\033[?1l\033>\033[?1049l\r\n";
    (void)!write(STDOUT_FILENO, reset, sizeof reset - 1);
    if (terminal_saved) tcsetattr(STDIN_FILENO, TCSANOW, &saved_terminal);
    if (signal > 0 && signal < NSIG) sigaction(signal, &previous[signal], NULL);
    raise(signal);
}

void vd_guard_install(void) {
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = on_fatal_signal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_ONSTACK;
    for (unsigned i = 0; i < fatal_count; i++) sigaction(fatal_signals[i], &action, &previous[fatal_signals[i]]);
}

void vd_guard_remove(void) {
    for (unsigned i = 0; i < fatal_count; i++) sigaction(fatal_signals[i], &previous[fatal_signals[i]], NULL);
}
