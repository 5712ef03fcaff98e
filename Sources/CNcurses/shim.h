// ncursesw for Swift: the library's macros (stdscr, LINES, COLS, attributes, colour pairs) as
// small functions Swift can call, and the signal plumbing the console's loop needs.
#ifndef VAULTDESK_CNCURSES_SHIM_H
#define VAULTDESK_CNCURSES_SHIM_H

#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif
#ifndef NCURSES_WIDECHAR
#define NCURSES_WIDECHAR 1
#endif
#include <ncursesw/curses.h>
#include <ncursesw/term.h>
#include <locale.h>
#include <langinfo.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>
#include <errno.h>
#include <poll.h>

static inline WINDOW *vd_stdscr(void) { return stdscr; }
static inline int vd_lines(void) { return LINES; }
static inline int vd_cols(void) { return COLS; }
static inline int vd_colors(void) { return COLORS; }
static inline int vd_color_pairs(void) { return COLOR_PAIRS; }
static inline int vd_err(void) { return ERR; }

static inline int vd_key_resize(void) { return KEY_RESIZE; }
static inline int vd_key_up(void) { return KEY_UP; }
static inline int vd_key_down(void) { return KEY_DOWN; }
static inline int vd_key_left(void) { return KEY_LEFT; }
static inline int vd_key_right(void) { return KEY_RIGHT; }
static inline int vd_key_ppage(void) { return KEY_PPAGE; }
static inline int vd_key_npage(void) { return KEY_NPAGE; }
static inline int vd_key_home(void) { return KEY_HOME; }
static inline int vd_key_end(void) { return KEY_END; }
static inline int vd_key_enter(void) { return KEY_ENTER; }
static inline int vd_key_backspace(void) { return KEY_BACKSPACE; }
static inline int vd_key_dc(void) { return KEY_DC; }
static inline int vd_key_btab(void) { return KEY_BTAB; }
static inline int vd_key_code_yes(void) { return KEY_CODE_YES; }

/// Sets the attributes and colour pair of what is drawn next.
static inline int vd_set_style(int pair, int bold, int dim, int underline, int reverse) {
    attr_t attributes = A_NORMAL;
    if (bold) attributes |= A_BOLD;
    if (dim) attributes |= A_DIM;
    if (underline) attributes |= A_UNDERLINE;
    if (reverse) attributes |= A_REVERSE;
    int extended = pair;
    return attr_set(attributes, (short)(pair < 32767 ? pair : 0), &extended);
}

static inline int vd_init_pair(int pair, int foreground, int background) {
    return init_extended_pair(pair, foreground, background);
}

/// Writes UTF-8 text at a cell; ncursesw decodes it in the current locale.
static inline int vd_put(int row, int column, const char *text, int bytes) {
    return mvaddnstr(row, column, text, bytes);
}

/// Reads one key: `*wide` is set when the answer is a key code (KEY_*) rather than a character.
static inline int vd_read_key(int *code, int *isKeyCode) {
    wint_t value = 0;
    int result = get_wch(&value);
    *code = (int)value;
    *isKeyCode = result == KEY_CODE_YES;
    return result;
}

static inline void vd_set_escape_delay(int milliseconds) { set_escdelay(milliseconds); }

// Stop signals (SIGTERM, SIGHUP, SIGINT when not in raw mode) write one byte to a pipe the
// console's loop polls, so it can restore the terminal and leave on its own thread.
static volatile sig_atomic_t vd_stop_signal = 0;
static int vd_signal_pipe = -1;

static inline void vd_on_stop_signal(int signal) {
    vd_stop_signal = signal;
    if (vd_signal_pipe >= 0) {
        int saved = errno;
        char byte = 's';
        (void)!write(vd_signal_pipe, &byte, 1);
        errno = saved;
    }
}

static inline void vd_install_stop_signals(int pipe_fd) {
    vd_signal_pipe = pipe_fd;
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = vd_on_stop_signal;
    sigemptyset(&action.sa_mask);
    sigaction(SIGTERM, &action, NULL);
    sigaction(SIGHUP, &action, NULL);
    sigaction(SIGINT, &action, NULL);
}

static inline int vd_received_stop_signal(void) { return vd_stop_signal; }

/// Waits until stdin or the wake pipe is readable, or the timeout passes (-1: no timeout).
/// Answers a bit set: 1 for stdin, 2 for the pipe; 0 on timeout or interruption.
static inline int vd_wait(int wake_fd, int timeout_ms) {
    struct pollfd fds[2];
    fds[0].fd = 0; fds[0].events = POLLIN; fds[0].revents = 0;
    fds[1].fd = wake_fd; fds[1].events = POLLIN; fds[1].revents = 0;
    int ready = poll(fds, 2, timeout_ms);
    if (ready <= 0) return 0;
    return ((fds[0].revents & (POLLIN | POLLHUP | POLLERR)) ? 1 : 0) | ((fds[1].revents & POLLIN) ? 2 : 0);
}

#endif
