using System.CommandLine;
using Compass.Cli.Output;

namespace Compass.Cli;

/// <summary>What every command of one run shares: its standard streams, its environment and the global options.</summary>
internal sealed class CliContext(TextReader stdin, TextWriter stdout, TextWriter stderr, Func<string, string?> environment)
{
    public TextReader Stdin { get; } = stdin;

    public TextWriter Stdout { get; } = stdout;

    public TextWriter Stderr { get; } = stderr;

    public Func<string, string?> Environment { get; } = environment;

    /// <summary>Gets the global <c>--kb</c> option.</summary>
    public Option<string?> KnowledgeBaseOption { get; } = Cli.KnowledgeBaseOption.Create();

    /// <summary>The knowledge base of this run: <c>--kb</c>, else <c>COMPASS_KB</c>, else null (the embedded one).</summary>
    public KnowledgeBaseOption? KnowledgeBase(ParseResult result) => Cli.KnowledgeBaseOption.Resolve(result.GetValue(KnowledgeBaseOption), Environment);

    /// <summary>Gets the width to lay text out in (see <see cref="TerminalWidth"/>).</summary>
    public int Width => TerminalWidth.Of(Stdout, Environment);

    /// <summary>A progress line on stderr while something slow runs (only on a terminal).</summary>
    public StatusLine Status(string text) => StatusLine.Start(Stderr, text);
}
