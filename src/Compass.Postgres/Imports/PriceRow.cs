namespace Compass.Postgres.Imports;

/// <summary>One price as it will be written to <c>prices</c>.</summary>
internal sealed record PriceRow(string Gpu, string Provider, string InstanceType, string Tier, decimal UsdPerGpuHour, DateOnly EffectiveFrom, string Source);
