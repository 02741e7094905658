using System.Diagnostics;
using System.Globalization;

namespace Compass.Cli.Output;

/// <summary>
/// "planning… 2.4 s" on stderr, rewritten in place, while something slow runs; it appears after a second and is
/// cleared at the end. Only when stderr is the terminal, so pipes, logs and tests see nothing.
/// </summary>
internal sealed class StatusLine : IDisposable
{
    private static readonly TimeSpan Delay = TimeSpan.FromSeconds(1);
    private readonly Lock _gate = new();
    private readonly TextWriter? _writer;
    private readonly string _text;
    private readonly long _started = Stopwatch.GetTimestamp();
    private readonly Timer? _timer;
    private int _width;
    private bool _stopped;

    private StatusLine(TextWriter? writer, string text)
    {
        _writer = writer;
        _text = text;
        _timer = writer is null ? null : new Timer(_ => Draw(), null, Delay, TimeSpan.FromMilliseconds(250));
    }

    public static StatusLine Start(TextWriter stderr, string text)
        => new(ReferenceEquals(stderr, Console.Error) && !Console.IsErrorRedirected ? stderr : null, text);

    public void Dispose()
    {
        lock (_gate)
        {
            _stopped = true;
            _timer?.Dispose();
            if (_width > 0)
            {
                _writer!.Write("\r" + new string(' ', _width) + "\r");
                _writer.Flush();
                _width = 0;
            }
        }
    }

    private void Draw()
    {
        lock (_gate)
        {
            if (_stopped)
            {
                return;
            }

            var text = string.Create(CultureInfo.InvariantCulture, $"  {_text}… {Stopwatch.GetElapsedTime(_started).TotalSeconds:0.0} s");
            _writer!.Write("\r" + text.PadRight(_width));
            _width = text.Length;
            _writer.Flush();
        }
    }
}
