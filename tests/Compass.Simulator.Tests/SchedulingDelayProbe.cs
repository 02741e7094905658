using System.Diagnostics;

namespace Compass.Simulator.Tests;

/// <summary>
/// Measures how late this process wakes from short timer waits while a real-time test runs: the scheduling delay
/// the machine adds to every latency measured over the wall clock (large when other processes share the cores).
/// </summary>
internal sealed class SchedulingDelayProbe : IDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(10);
    private readonly CancellationTokenSource _stop = new();
    private readonly List<double> _lateMs = [];
    private Task? _loop;

    public static SchedulingDelayProbe Start()
    {
        var probe = new SchedulingDelayProbe();
        probe._loop = Task.Run(probe.RunAsync);
        return probe;
    }

    /// <summary>Stops probing and returns the 95th percentile of the lateness, in milliseconds.</summary>
    public async Task<double> StopAsync()
    {
        await _stop.CancelAsync();
        await _loop!;
        if (_lateMs.Count == 0)
        {
            return 0;
        }

        _lateMs.Sort();
        return _lateMs[(int)Math.Min(_lateMs.Count - 1, Math.Ceiling(0.95 * _lateMs.Count) - 1)];
    }

    public void Dispose() => _stop.Dispose();

    private async Task RunAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var start = Stopwatch.GetTimestamp();
            try
            {
                await Task.Delay(Interval, _stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            _lateMs.Add(Math.Max(0, Stopwatch.GetElapsedTime(start).TotalMilliseconds - Interval.TotalMilliseconds));
        }
    }
}
