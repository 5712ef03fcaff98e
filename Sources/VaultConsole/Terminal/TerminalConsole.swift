import CNcurses
import CTerminalGuard
import Foundation
import VaultRepository

/// How a console run ended.
public enum ConsoleExit: Sendable, Equatable {
    /// The operator quit.
    case quit
    /// A stop signal (SIGTERM, SIGHUP, SIGINT) arrived; the terminal was restored first.
    case signal(Int32)
}

/// Runs the console on the real terminal with ncursesw. The UI loop has a thread of its own; it
/// waits on the keyboard and on a wake pipe that background loads write to, so a result shows as
/// soon as it arrives and an idle console uses no CPU. The terminal is restored on every way out.
public enum TerminalConsole {
    public static func run(state: ConsoleState, data: ConsoleData) async throws -> ConsoleExit {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<ConsoleExit, any Error>) in
            let thread = Thread {
                continuation.resume(with: Result { try loop(state: state, data: data) })
            }
            thread.name = "vaultdesk-ui"
            thread.start()
        }
    }

    static func loop(state initial: ConsoleState, data: ConsoleData) throws -> ConsoleExit {
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else {
            throw ConsoleError.terminal("could not create the wake pipe: \(String(cString: strerror(errno)))")
        }
        let (wakeRead, wakeWrite) = (fds[0], fds[1])
        _ = fcntl(wakeRead, F_SETFL, fcntl(wakeRead, F_GETFL) | O_NONBLOCK)
        _ = fcntl(wakeWrite, F_SETFL, fcntl(wakeWrite, F_GETFL) | O_NONBLOCK)
        defer {
            close(wakeRead)
            close(wakeWrite)
        }
        guard isatty(0) == 1, isatty(1) == 1 else {
            throw ConsoleError.terminal(
                "the console needs a terminal; for scripts use vaultdesk lookup or vaultdesk tables")
        }
        setlocale(LC_ALL, "")
        vd_guard_save_terminal()
        guard initscr() != nil else {
            throw ConsoleError.terminal(
                "ncurses could not start on TERM=\(ProcessInfo.processInfo.environment["TERM"] ?? "")")
        }
        // A crash of any kind still gives the terminal back.
        vd_guard_install()
        defer {
            // A terminal without an alternate screen (vt100) would keep the console's last frame
            // under the shell's prompt: leave it blank.
            erase()
            refresh()
            endwin()
            vd_guard_remove()
        }
        raw()
        noecho()
        nonl()
        keypad(vd_stdscr(), true)
        nodelay(vd_stdscr(), true)
        curs_set(0)
        vd_set_escape_delay(25)
        if has_colors() {
            start_color()
            use_default_colors()
        }
        vd_install_stop_signals(wakeWrite)

        var state = initial
        let environment = ProcessInfo.processInfo.environment
        let depth = ColorDepth.detect(environment: environment, terminfoColors: has_colors() ? Int(vd_colors()) : 0)
        let utf8 =
            String(cString: nl_langinfo(nl_item(CODESET))).uppercased().replacingOccurrences(of: "-", with: "")
            == "UTF8"
        let canvas = NcursesCanvas(depth: depth, ascii: !utf8)
        state.size = canvas.size
        let controller = ConsoleController(
            state: state, data: data,
            wake: {
                var byte: UInt8 = 1
                _ = write(wakeWrite, &byte, 1)
            })
        let inTmux = environment["TMUX"] != nil
        controller.clipboard = { text in
            let sequence = Clipboard.osc52(text, inTmux: inTmux)
            sequence.withCString { pointer in _ = write(1, pointer, strlen(pointer)) }
        }
        controller.start()
        controller.render(on: canvas)
        refresh()
        var scratch = [UInt8](repeating: 0, count: 64)
        while true {
            // Idle, it wakes only to notice a resize that ncurses flagged; loading, it ticks the spinner.
            let timeout: Int32 = controller.state.loading != nil ? 80 : 250
            let ready = vd_wait(wakeRead, timeout)
            if vd_received_stop_signal() != 0 { return .signal(vd_received_stop_signal()) }
            if ready & 2 != 0 { while read(wakeRead, &scratch, scratch.count) > 0 {} }
            var code: Int32 = 0
            var isKeyCode: Int32 = 0
            var sawKey = false
            while vd_read_key(&code, &isKeyCode) != vd_err() {
                sawKey = true
                if let action = action(code: code, isKeyCode: isKeyCode != 0, canvas: canvas) {
                    controller.send(action)
                }
                if controller.quitRequested { return .quit }
            }
            let ticking = ready == 0 && !sawKey && controller.state.loading != nil
            if ticking { controller.send(.tick) }
            let arrived = controller.drainMailbox()
            if controller.quitRequested { return .quit }
            // Nothing happened: leave the screen as it is.
            guard sawKey || arrived || ticking else { continue }
            controller.render(on: canvas)
            refresh()
        }
    }

    /// A key read by ncurses, as the console's action.
    static func action(code: Int32, isKeyCode: Bool, canvas: NcursesCanvas) -> ConsoleAction? {
        if isKeyCode {
            switch code {
            case vd_key_resize(): return .resize(canvas.size)
            case vd_key_up(): return .key(.up)
            case vd_key_down(): return .key(.down)
            case vd_key_left(): return .key(.left)
            case vd_key_right(): return .key(.right)
            case vd_key_ppage(): return .key(.pageUp)
            case vd_key_npage(): return .key(.pageDown)
            case vd_key_home(): return .key(.home)
            case vd_key_end(): return .key(.end)
            case vd_key_enter(): return .key(.enter)
            case vd_key_backspace(): return .key(.backspace)
            case vd_key_dc(): return .key(.delete)
            case vd_key_btab(): return .key(.backTab)
            default: return nil
            }
        }
        switch code {
        case 27: return .key(.escape)
        case 9: return .key(.tab)
        case 10, 13: return .key(.enter)
        case 8, 127: return .key(.backspace)
        case 1...26: return .key(.control(Character(Unicode.Scalar(UInt8(96 + code)))))
        default:
            guard code >= 32, let scalar = Unicode.Scalar(UInt32(code)) else { return nil }
            return .key(.character(Character(scalar)))
        }
    }
}

/// Why the console could not run.
public enum ConsoleError: Error, CustomStringConvertible {
    case terminal(String)

    public var description: String {
        switch self {
        case .terminal(let message): "Cannot open the console: \(message)"
        }
    }
}
