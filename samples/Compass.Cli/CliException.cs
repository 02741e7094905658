namespace Compass.Cli;

/// <summary>An error the user can fix; printed as one line, with an exit code.</summary>
internal sealed class CliException(string message, int exitCode = ExitCodes.Usage) : Exception(message)
{
    public int ExitCode { get; } = exitCode;
}

/// <summary>Process exit codes.</summary>
internal static class ExitCodes
{
    public const int Success = 0;
    public const int Failure = 1;
    public const int Usage = 2;
    public const int NoFeasiblePlan = 3;
    public const int SloFailed = 4;
}
