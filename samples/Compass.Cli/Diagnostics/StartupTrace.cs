using System.Diagnostics;
using System.Globalization;
using System.Runtime;

namespace Compass.Cli.Diagnostics;

/// <summary>
/// With <c>COMPASS_TRACE_STARTUP=1</c>, one stderr line per phase of the run: milliseconds since the process started
/// and since the previous mark, the methods JIT-compiled and the time spent compiling them, the megabytes allocated,
/// and the gen-0 collections with their total pause so far. Off by default (one environment read); used to see where
/// start-up goes (docs/performance.md).
/// </summary>
internal static class StartupTrace
{
    private static readonly bool Enabled = Environment.GetEnvironmentVariable("COMPASS_TRACE_STARTUP") is "1";
    private static readonly long ProcessStart = Enabled ? Stopwatch.GetTimestamp() - (long)(Stopwatch.Frequency * ProcessAge().TotalSeconds) : 0;
    private static long _last = ProcessStart;
    private static long _lastMethods;
    private static TimeSpan _lastJit;
    private static long _lastAllocated;

    /// <summary>Writes the time of one phase's end, when tracing is on.</summary>
    /// <param name="phase">What just finished.</param>
    public static void Mark(string phase)
    {
        if (!Enabled)
        {
            return;
        }

        var now = Stopwatch.GetTimestamp();
        var methods = JitInfo.GetCompiledMethodCount();
        var jit = JitInfo.GetCompilationTime();
        var allocated = GC.GetTotalAllocatedBytes();
        var line = string.Create(CultureInfo.InvariantCulture,
            $"[startup] {Stopwatch.GetElapsedTime(ProcessStart, now).TotalMilliseconds,7:0.0} ms  (+{Stopwatch.GetElapsedTime(_last, now).TotalMilliseconds,6:0.0}; JIT {methods - _lastMethods,5} methods {(jit - _lastJit).TotalMilliseconds,6:0.0} ms; {(allocated - _lastAllocated) / 1048576.0,5:0.0} MB allocated; GCs {GC.CollectionCount(0)} paused {GC.GetTotalPauseDuration().TotalMilliseconds:0.0} ms)  {phase}");
        (_last, _lastMethods, _lastJit, _lastAllocated) = (now, methods, jit, allocated);
        Console.Error.WriteLine(line);
    }

    private static TimeSpan ProcessAge()
    {
        using var process = Process.GetCurrentProcess();
        return DateTime.Now - process.StartTime;
    }
}
