#ifndef ROLLSCOPE_CNCURSES_SHIM_H
#define ROLLSCOPE_CNCURSES_SHIM_H

// SwiftPM drops pkg-config's -D flags ("prohibited flags"); without NCURSES_WIDECHAR the
// wide-character API (cchar_t, setcchar, wget_wch) is invisible. Do not define _XOPEN_SOURCE
// here: it changes glibc's declarations (fd_set's member names) and the module then conflicts
// with Dispatch's view of the same headers.
#define NCURSES_WIDECHAR 1

#include <locale.h>
#include <poll.h>
#include <langinfo.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <wchar.h>
#include <ncurses.h>
// <term.h> #defines common words (lines, columns, bell): keep it last and inside the shim.
#include <term.h>

// `stdscr` and `COLORS` are globals Swift 6 rejects as not concurrency-safe.
static inline WINDOW *rs_stdscr(void) { return stdscr; }
static inline int rs_colors(void) { return COLORS; }

// The A_* attributes are macros over NCURSES_BITS that do not import ("structure not supported").
static inline attr_t rs_a_bold(void) { return A_BOLD; }
static inline attr_t rs_a_dim(void) { return A_DIM; }
static inline attr_t rs_a_reverse(void) { return A_REVERSE; }
static inline attr_t rs_a_underline(void) { return A_UNDERLINE; }

// newterm(NULL, stdout, stdin): the stdio globals are not concurrency-safe in Swift 6.
static inline SCREEN *rs_newterm(void) { return newterm(NULL, stdout, stdin); }

// getmaxyx is a function-like macro.
static inline void rs_getmaxyx(WINDOW *w, int *y, int *x) { int yy, xx; getmaxyx(w, yy, xx); *y = yy; *x = xx; }

// Writes one wide character with attributes and a colour pair at (y, x) without moving the
// cursor past the window edge (setcchar takes a NUL-terminated wide string).
static inline int rs_put_wch(WINDOW *w, int y, int x, wchar_t ch, attr_t attrs, short pair) {
    cchar_t cc;
    wchar_t text[2] = { ch, L'\0' };
    if (setcchar(&cc, text, attrs, pair, NULL) != OK) return ERR;
    return mvwadd_wch(w, y, x, &cc);
}

// The terminal's capability for absolute cursor addressing; NULL or (char *)-1 when missing.
// setupterm is in <term.h>, which must not leak into Swift.
static inline int rs_can_address_cursor(const char *term) {
    int err = 0;
    if (setupterm((char *)term, STDOUT_FILENO, &err) != OK) return 0;
    const char *cup = tigetstr("cup");
    int ok = cup != NULL && cup != (char *)-1;
    del_curterm(cur_term);
    return ok;
}

// Signal handling: the handler only sets a flag; the input loop polls it. `volatile
// sig_atomic_t` is the only type a handler may safely write.
static volatile sig_atomic_t rs_signal_flag = 0;
static void rs_on_signal(int sig) { rs_signal_flag = sig; }
static inline void rs_install_signal_handlers(void) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = rs_on_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);
    sigaction(SIGQUIT, &sa, NULL);
    signal(SIGPIPE, SIG_IGN);
    // A parent may have blocked these (the mask is inherited); unblock so they reach us.
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGHUP);
    sigaddset(&set, SIGQUIT);
    sigprocmask(SIG_UNBLOCK, &set, NULL);
}
static inline int rs_take_signal(void) { int s = rs_signal_flag; rs_signal_flag = 0; return s; }

// True when the terminal is gone (the SSH link dropped, the tmux pane or terminal window was
// closed): the pty's other side closed, so reads see end of file and writes fail with EIO.
// That may come without a SIGHUP (when we are not in the terminal's session), so the input
// loop asks. poll() with no events still reports POLLHUP, POLLERR and POLLNVAL.
static inline int rs_terminal_hung_up(void) {
    struct pollfd fds[2] = { { STDIN_FILENO, 0, 0 }, { STDOUT_FILENO, 0, 0 } };
    if (poll(fds, 2, 0) <= 0) return 0;
    for (int i = 0; i < 2; i++) {
        if (fds[i].revents & (POLLHUP | POLLERR | POLLNVAL)) return 1;
    }
    return 0;
}

// Monotonic seconds for the run loop's frame timing (never wall-clock time).
#include <time.h>
static inline double rs_monotonic_seconds(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

// True when the locale's character set is UTF-8 (decides Unicode or ASCII glyphs).
static inline int rs_locale_is_utf8(void) {
    const char *cs = nl_langinfo(CODESET);
    return cs != NULL && (strcmp(cs, "UTF-8") == 0 || strcmp(cs, "utf8") == 0);
}

#endif
