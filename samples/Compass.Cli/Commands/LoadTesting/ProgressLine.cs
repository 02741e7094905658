using System.Diagnostics;
using Compass.Observability.LoadTesting;

namespace Compass.Cli.Commands.LoadTesting;

/// <summary>
/// A one-line progress display on the terminal, rewritten in place (carriage return) at most four times a second.
/// Only used when stderr is the console and not redirected, so pipes and logs stay clean.
/// </summary>
internal sealed class ProgressLine(TextWriter writer) : IProgress<LoadProgress>
{
    private readonly Lock _gate = new();
    private long _last = long.MinValue;
    private int _width;

    public static ProgressLine? For(TextWriter stderr)
        => ReferenceEquals(stderr, Console.Error) && !Console.IsErrorRedirected ? new ProgressLine(stderr) : null;

    public void Report(LoadProgress value)
    {
        var now = Stopwatch.GetTimestamp();
        lock (_gate)
        {
            if (_last != long.MinValue && Stopwatch.GetElapsedTime(_last, now) < TimeSpan.FromMilliseconds(250))
            {
                return;
            }

            _last = now;
            var text = LoadCommands.F($"  [{value.Benchmark}/{value.Benchmarks}] {value.Strategy}  {value.ElapsedSeconds:0.0} s  ok {value.Successful}  err {value.Errored}  in flight {value.InFlight}  {value.RequestsPerSecond:0.00} req/s  {value.OutputTokensPerSecond:0} tok/s");
            writer.Write("\r" + text.PadRight(_width));
            _width = text.Length;
            writer.Flush();
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            if (_width > 0)
            {
                writer.Write("\r" + new string(' ', _width) + "\r");
                writer.Flush();
                _width = 0;
            }
        }
    }
}
