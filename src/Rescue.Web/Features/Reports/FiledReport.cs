using Rescue.Web.Hosting;

namespace Rescue.Web.Features.Reports;

/// <summary>
/// What filing a report came to: the report as filed, the answer stored for its idempotency key (the API sends it
/// as it is, the same on every retry), and whether this call was a retry answered from the first filing.
/// </summary>
public sealed record FiledReport(ReportDetails Report, Idempotency.Answer Receipt, bool Replayed);
