using NeuroThermo.Data.Corpora;
using NeuroThermo.Experiments;

namespace NeuroThermo.Cli;

/// <summary>
/// Turns what a command throws into an exit code and a message: a user's mistake is one sentence and exit
/// code 2, a cancellation is 130, anything else is a failure (1) described in one line. <c>--verbose</c>
/// adds the exception's full text with its stack trace.
/// </summary>
internal static class CliErrors
{
    /// <summary>Runs <paramref name="action"/>; <paramref name="failure"/> begins the message of an unexpected error.</summary>
    public static async Task<int> Guard(CliEnvironment environment, bool verbose, string failure, Func<Task<int>> action)
    {
        try
        {
            return await action();
        }
        catch (Exception e) when (e is ConfigException or RunDirectoryException or CorpusException or CliUsageException)
        {
            environment.Error.WriteLine(verbose ? e.ToString() : e.Message);
            return ExitCodes.Usage;
        }
        catch (OperationCanceledException)
        {
            environment.Error.WriteLine("Interrupted.");
            return ExitCodes.Interrupted;
        }
        catch (Exception e)
        {
            environment.Error.WriteLine(verbose ? $"{failure}: {e}" : $"{failure}: {FirstLine(e.Message)} (--verbose shows the details)");
            return ExitCodes.Failed;
        }
    }

    private static string FirstLine(string message)
    {
        string line = message.Split('\n', 2)[0].Trim();
        return line.TrimEnd('.');
    }
}
