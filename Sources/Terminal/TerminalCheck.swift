internal import CNCurses

/// Why the TUI cannot start here, as one line pointing to `report`.
public enum TerminalCheck {
    /// nil when stdin and stdout are terminals and TERM can address the cursor.
    public static func problem(environment: [String: String]) -> String? {
        if isatty(STDIN_FILENO) == 0 || isatty(STDOUT_FILENO) == 0 {
            return "standard input and output must be a terminal for the TUI; use `rollscope report` for text, Markdown or JSON"
        }
        guard let term = environment["TERM"], !term.isEmpty else {
            return "TERM is not set, so the terminal is unknown; use `rollscope report` for text, Markdown or JSON"
        }
        if term == "dumb" || rs_can_address_cursor(term) == 0 {
            return "the terminal \"\(term)\" cannot move the cursor; use `rollscope report` for text, Markdown or JSON"
        }
        return nil
    }
}
