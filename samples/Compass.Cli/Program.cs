using Compass.Cli;
using Compass.Cli.Diagnostics;

StartupTrace.Mark("runtime started, Main entered");
StartupWarmup.Start(args, Environment.GetEnvironmentVariable);

using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancellation.Cancel();
};

return await CompassCli.RunAsync(args, Console.In, Console.Out, Console.Error, cancellation.Token);
