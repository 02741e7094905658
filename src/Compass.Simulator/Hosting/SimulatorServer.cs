using System.Collections;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Compass.Core.Knowledge;
using Compass.Simulator.Engine;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Compass.Simulator;

/// <summary>
/// Runs the simulator as a process: reads the flags and <c>COMPASS_SIM_*</c> variables, checks them and the deployment
/// they name before anything listens, listens on <c>--host</c>:<c>--port</c> with a connection limit, and serves until
/// stopped. Every start-up failure is one line on the error writer and a <see cref="SimulatorExitCodes"/> value, never
/// a stack trace.
/// </summary>
public static class SimulatorServer
{
    /// <summary>Runs with the process's environment variables, standard output and standard error.</summary>
    /// <param name="args">The command-line arguments.</param>
    /// <returns>The exit code (<see cref="SimulatorExitCodes"/>).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="args"/> is null.</exception>
    public static Task<int> RunAsync(IReadOnlyList<string> args)
    {
        var environment = Environment.GetEnvironmentVariables().Cast<DictionaryEntry>()
            .ToDictionary(e => (string)e.Key, e => (string?)e.Value, StringComparer.Ordinal);
        return RunAsync(args, environment, Console.Out, Console.Error);
    }

    /// <summary>Runs until <paramref name="cancellationToken"/> is cancelled or the process is signalled to stop.</summary>
    /// <param name="args">The command-line arguments.</param>
    /// <param name="environment">The environment variables (null: none).</param>
    /// <param name="output">Where <c>--help</c> goes (the server's log goes to the console).</param>
    /// <param name="error">Where the one-line error goes.</param>
    /// <param name="cancellationToken">Stops the server.</param>
    /// <returns>The exit code (<see cref="SimulatorExitCodes"/>).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="args"/>, <paramref name="output"/> or <paramref name="error"/> is null.</exception>
    public static async Task<int> RunAsync(
        IReadOnlyList<string> args, IReadOnlyDictionary<string, string?>? environment, TextWriter output, TextWriter error, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        if (args.Any(a => a is "--help" or "-h"))
        {
            await output.WriteLineAsync("compass-simulator: vLLM's OpenAI API with latency from Compass's scheduler. Flags:").ConfigureAwait(false);
            await output.WriteLineAsync(SimulatorCommandLine.Usage).ConfigureAwait(false);
            return SimulatorExitCodes.Success;
        }

        var options = new CompassSimulatorOptions();
        SimulatorHostSettings host;
        SimulatedDeployment deployment;
        try
        {
            host = SimulatorCommandLine.Apply(options, args, environment);
            var failures = CompassSimulatorOptionsValidator.Check(options);
            if (failures.Count > 0)
            {
                return await FailAsync(error, SimulatorExitCodes.BadArguments, failures[0] + More(failures.Count - 1)).ConfigureAwait(false);
            }

            deployment = SimulatedDeployment.Resolve(options, EmbeddedKnowledgeBase.Catalog);
        }
        catch (FormatException e)
        {
            return await FailAsync(error, SimulatorExitCodes.BadArguments, e.Message).ConfigureAwait(false);
        }
        catch (DeploymentException e)
        {
            return await FailAsync(error, SimulatorExitCodes.CannotSimulate, e.Message).ConfigureAwait(false);
        }

        try
        {
            return await ServeAsync(args, environment, host, options, deployment, error, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return await FailAsync(error, SimulatorExitCodes.Unexpected, $"the simulator failed unexpectedly: {e.GetType().Name}: {e.Message}").ConfigureAwait(false);
        }
    }

    private static async Task<int> ServeAsync(
        IReadOnlyList<string> args, IReadOnlyDictionary<string, string?>? environment, SimulatorHostSettings host, CompassSimulatorOptions options,
        SimulatedDeployment deployment, TextWriter error, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        // The start-up failures this method reports itself would otherwise also be logged with their stack trace.
        builder.Logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.Critical);
        var address = string.Equals(host.Host, "localhost", StringComparison.OrdinalIgnoreCase)
            ? IPAddress.Loopback
            : IPAddress.Parse(host.Host.Trim('[', ']'));
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Limits.MaxConcurrentConnections = host.MaxConnections;
            kestrel.Limits.MaxConcurrentUpgradedConnections = 0;           // nothing here upgrades (no WebSockets)
            // One byte above the simulator's own limit, so that the simulator answers an oversize body with its 413.
            kestrel.Limits.MaxRequestBodySize = (long)options.MaxRequestBodyBytes + 1;
            kestrel.Listen(address, host.Port);
        });
        builder.Services.AddSingleton(deployment);
        builder.Services.AddCompassSimulator(o => SimulatorCommandLine.Apply(o, args, environment));
        await using var app = builder.Build();
        app.MapCompassSimulator();
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or SocketException)
        {
            return await FailAsync(error, SimulatorExitCodes.CannotListen, string.Create(CultureInfo.InvariantCulture,
                $"cannot listen on {host.Host}:{host.Port}: {BindFailure(e)}; choose another --port or --host, or stop what is using it.")).ConfigureAwait(false);
        }
        catch (OptionsValidationException e)
        {
            return await FailAsync(error, SimulatorExitCodes.BadArguments, e.Failures.FirstOrDefault() ?? e.Message).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return SimulatorExitCodes.Success;
        }

        await app.WaitForShutdownAsync(cancellationToken).ConfigureAwait(false);
        if (app.Services.GetRequiredService<SimulatorEngine>().ExecuteTask is { IsFaulted: true } loop)
        {
            var cause = loop.Exception!.InnerException ?? loop.Exception;
            return await FailAsync(error, SimulatorExitCodes.Unexpected, $"the simulator's engine loop failed: {cause.GetType().Name}: {cause.Message}").ConfigureAwait(false);
        }

        return SimulatorExitCodes.Success;
    }

    private static string BindFailure(Exception e)
    {
        for (var inner = e; inner is not null; inner = inner.InnerException)
        {
            switch (inner)
            {
                case AddressInUseException:
                    return "the port is already in use";
                case SocketException { SocketErrorCode: SocketError.AddressAlreadyInUse }:
                    return "the port is already in use";
                case SocketException { SocketErrorCode: SocketError.AddressNotAvailable }:
                    return "the address is not one of this machine's";
                case SocketException { SocketErrorCode: SocketError.AccessDenied }:
                    return "permission denied (ports below 1024 need privileges)";
                case SocketException socket:
                    return socket.Message;
                default:
                    break;
            }
        }

        return e.Message;
    }

    private static string More(int count) => count switch
    {
        0 => string.Empty,
        1 => " (and 1 more problem)",
        _ => string.Create(CultureInfo.InvariantCulture, $" (and {count} more problems)"),
    };

    private static async Task<int> FailAsync(TextWriter error, int code, string message)
    {
        await error.WriteLineAsync("error: " + string.Join(' ', message.ReplaceLineEndings("\n").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))).ConfigureAwait(false);
        await error.FlushAsync().ConfigureAwait(false);
        return code;
    }
}
