using Compass.Simulator;

// The Compass simulator: vLLM's OpenAI API with latency from Compass's scheduler in real time.
// Flags as vLLM's (--model, --gpu, --max-num-seqs, ...) or COMPASS_SIM_* variables; --help lists them and the exit codes.
return await SimulatorServer.RunAsync(args);
