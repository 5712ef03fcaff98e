// The console's last line of defence for the terminal: whatever kills the process, the terminal
// is given back as it was found.
#ifndef VAULTDESK_TERMINAL_GUARD_H
#define VAULTDESK_TERMINAL_GUARD_H

/// Remembers the terminal's modes (standard input); call before the screen library starts.
void vd_guard_save_terminal(void);

/// Installs handlers for the fatal signals (SIGSEGV, SIGILL, SIGBUS, SIGFPE, SIGABRT, SIGTRAP,
/// SIGSYS). Each resets attributes, shows the cursor, leaves keypad mode and the alternate
/// screen, puts back the saved terminal modes, then restores the handler that was there before
/// and raises the signal again, so the process still dies of it (with its backtrace or core).
void vd_guard_install(void);

/// Puts back the handlers that were there before, once the terminal was restored normally.
void vd_guard_remove(void);

#endif
