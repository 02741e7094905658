using System.Globalization;

namespace Compass.Cli.Output;

/// <summary>The width output is laid out in: the terminal's, else <c>COLUMNS</c>, else 120.</summary>
internal static class TerminalWidth
{
    public const int Default = 120;

    public const int Minimum = 40;

    public static int Of(TextWriter stdout, Func<string, string?> environment)
    {
        if (ReferenceEquals(stdout, Console.Out) && !Console.IsOutputRedirected)
        {
            try
            {
                if (Console.WindowWidth > 0)
                {
                    return Math.Max(Minimum, Console.WindowWidth);
                }
            }
            catch (IOException)
            {
                // No terminal after all (e.g. a detached console): fall through to COLUMNS.
            }
        }

        return int.TryParse(environment("COLUMNS"), NumberStyles.None, CultureInfo.InvariantCulture, out var columns) && columns > 0
            ? Math.Max(Minimum, columns)
            : Default;
    }
}
