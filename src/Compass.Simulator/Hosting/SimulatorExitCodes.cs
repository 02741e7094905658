namespace Compass.Simulator;

/// <summary>The exit codes of a simulator process run through <see cref="SimulatorServer"/>; each failure also prints one line on standard error.</summary>
public static class SimulatorExitCodes
{
    /// <summary>The server stopped cleanly (a signal or the cancellation token), or <c>--help</c> was asked for.</summary>
    public const int Success = 0;

    /// <summary>Something unexpected failed (a bug): the line names the exception.</summary>
    public const int Unexpected = 1;

    /// <summary>A flag or <c>COMPASS_SIM_*</c> variable is unknown, lacks its value, does not parse or is out of range.</summary>
    public const int BadArguments = 2;

    /// <summary>
    /// The flags are well formed but name a deployment that cannot be simulated: an unknown model, GPU or use case, a
    /// model that does not fit the GPUs' memory, or a <c>--max-model-len</c> above the model's context or its KV cache.
    /// </summary>
    public const int CannotSimulate = 3;

    /// <summary>The server cannot listen on <c>--host</c>:<c>--port</c>: the port is in use, the address is not this machine's, or permission is denied.</summary>
    public const int CannotListen = 4;
}
