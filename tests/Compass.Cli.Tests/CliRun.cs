namespace Compass.Cli.Tests;

/// <summary>The result of running the <c>compass</c> command in-process.</summary>
internal sealed record CliRun(int ExitCode, string Stdout, string Stderr)
{
    public static Task<CliRun> RunAsync(params string[] args) => RunWithInputAsync(null, args);

    /// <summary>Runs the command with <paramref name="input"/> as its standard input (none when null: a closed stream, as from a script).</summary>
    public static async Task<CliRun> RunWithInputAsync(string? input, params string[] args)
    {
        using var stdin = new StringReader(input ?? string.Empty);
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = await CompassCli.RunAsync(args, stdin, stdout, stderr);
        return new CliRun(code, stdout.ToString(), stderr.ToString());
    }

    /// <summary>Runs the command with some environment variables set for it alone (the others as the process has them).</summary>
    public static async Task<CliRun> RunWithEnvironmentAsync(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = await CompassCli.RunAsync(args, TextReader.Null, stdout, stderr, name => environment.TryGetValue(name, out var value) ? value : Environment.GetEnvironmentVariable(name));
        return new CliRun(code, stdout.ToString(), stderr.ToString());
    }

    /// <summary>Asserts the run failed with exactly one line on stderr, starting "error: ", and no stack trace.</summary>
    public string AssertOneLineError(int exitCode = ExitCodes.Usage)
    {
        Assert.Equal(exitCode, ExitCode);
        var lines = Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var line = Assert.Single(lines);
        Assert.StartsWith("error: ", line, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", Stderr, StringComparison.Ordinal);
        return line;
    }
}
