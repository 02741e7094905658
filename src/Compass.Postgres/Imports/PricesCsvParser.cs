using System.Globalization;
using Compass.Core;

namespace Compass.Postgres.Imports;

/// <summary>Reads GPU rental prices from CSV (<see cref="ImportFormat.PricesCsv"/>); the columns are listed in <see cref="Columns"/>.</summary>
internal static class PricesCsvParser
{
    public static readonly string[] Columns = ["gpu", "provider", "instance_type", "tier", "usd_per_gpu_hour", "effective_from", "source"];

    private static readonly string[] Required = ["provider", "tier", "usd_per_gpu_hour", "effective_from"];

    public static void Parse(string text, ImportContext context)
    {
        var reader = new CsvReader(text, context.FileName);
        var fields = new List<string>();
        var headerLine = reader.Read(fields);
        if (headerLine == 0)
        {
            throw context.Error(null, null, "the file is empty. Write a header row of column names first (see docs/knowledge-base.md).");
        }

        var columns = new CsvColumns([.. fields], headerLine, context.FileName, Columns, Required);
        var seen = new HashSet<(string, string, string, string, DateOnly)>();
        int row;
        while ((row = reader.Read(fields)) != 0)
        {
            columns.CheckWidth(fields, row);
            var gpu = context.Gpu(columns.Text(fields, "gpu") ?? context.Options.Gpu, row, "gpu");
            var providerText = columns.Text(fields, "provider") ?? throw context.Error(row, "provider", "the cloud provider is required (e.g. aws, gcp, azure).");
            var tierText = columns.Text(fields, "tier") ?? throw context.Error(row, "tier", "the pricing tier is required: on-demand, spot or reserved.");
            var tier = new string(tierText.ToLowerInvariant().Where(char.IsLetter).ToArray()) switch
            {
                "ondemand" => "on-demand",
                "spot" => "spot",
                "reserved" => "reserved",
                _ => throw context.Error(row, "tier", $"the tier '{tierText}' is not one of on-demand, spot or reserved."),
            };
            var usdText = columns.Text(fields, "usd_per_gpu_hour") ?? throw context.Error(row, "usd_per_gpu_hour", "the price per GPU-hour in USD is required.");
            if (!decimal.TryParse(usdText, NumberStyles.Number & ~NumberStyles.AllowThousands, CultureInfo.InvariantCulture, out var usd))
            {
                throw context.Error(row, "usd_per_gpu_hour", $"'{usdText}' is not a number. Write the USD price per GPU-hour with a dot as the decimal separator (e.g. 2.49).");
            }

            if (usd <= 0 || Math.Round(usd, 4) <= 0 || usd >= 100_000_000m)
            {
                throw context.Error(row, "usd_per_gpu_hour", $"the price must be greater than zero (and below 100,000,000), not {usdText}.");
            }

            var dateText = columns.Text(fields, "effective_from") ?? throw context.Error(row, "effective_from", "the date the price takes effect is required (yyyy-MM-dd).");
            if (!DateOnly.TryParseExact(dateText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var from))
            {
                throw context.Error(row, "effective_from", $"'{dateText}' is not a date; write it as yyyy-MM-dd (e.g. 2026-10-01).");
            }

            var price = new PriceRow(gpu.Type.Value, CloudProvider.Parse(providerText).Value, columns.Text(fields, "instance_type") ?? string.Empty, tier,
                Math.Round(usd, 4), from, columns.Text(fields, "source") ?? context.Options.Source ?? context.FileName);
            if (seen.Add((price.Gpu, price.Provider, price.InstanceType, price.Tier, price.EffectiveFrom)))
            {
                context.Result.Prices.Add(price);
            }
            else
            {
                context.Result.Notes.Add(FormattableString.Invariant($"Row {row} repeats the GPU, provider, instance type, tier and date of an earlier row; the first was kept."));
            }
        }
    }
}
