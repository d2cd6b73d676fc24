import ArgumentParser
import Foundation
import RolloutCore
import RolloutLive

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Entry point: parses the command line and maps every failure to the README's exit statuses
/// (0 fine, 1 findings at or above --fail-on, 2 bad input or usage) with one line on stderr.
func runMain() -> Int32 {
    do {
        var command = try Rollscope.parseAsRoot(pluginArguments())
        try command.run()
        return 0
    } catch let exit as ExitCode {
        return exit.rawValue
    } catch let interrupted as LiveRun.Interrupted {
        return 128 + interrupted.signal
    } catch let error as InputError {
        printError("rollscope: \(error)")
        return 2
    } catch {
        let code = Rollscope.exitCode(for: error)
        if code == .success {
            Output.write(Rollscope.fullMessage(for: error) + "\n")
            return 0
        }
        let message = Rollscope.message(for: error)
            .split(whereSeparator: \.isNewline).first.map(String.init) ?? "invalid usage"
        printError("rollscope: \(message) (see rollscope --help)")
        return 2
    }
}

/// Installed as `kubectl-rollscope`, kubectl runs it as `kubectl rollscope deployment/web`:
/// arguments that do not start with a subcommand mean `watch`.
func pluginArguments() -> [String] {
    var args = Array(CommandLine.arguments.dropFirst())
    let invokedAs = (CommandLine.arguments.first ?? "").split(separator: "/").last.map(String.init) ?? ""
    let subcommands = Rollscope.configuration.subcommands.map { $0._commandName }
    if invokedAs == "kubectl-rollscope", let first = args.first, !subcommands.contains(first),
       !["-h", "--help", "--version", "help"].contains(first) {
        args.insert("watch", at: 0)
    } else if invokedAs == "kubectl-rollscope", args.isEmpty {
        args = ["watch"]
    }
    return args
}

/// Writes one line to standard error.
func printError(_ line: String) {
    // File names and messages can carry cluster text: nothing raw reaches the terminal.
    // Bounded after cleaning too: an escape stands for one character but takes up to six.
    Output.error(String(Sanitizer.clean(String(line.prefix(2000))).prefix(2000)))
}

// Before anything else: a closed pipe or terminal must show as a failed write (see Output).
Output.ignoreBrokenPipeSignal()
exit(runMain())
