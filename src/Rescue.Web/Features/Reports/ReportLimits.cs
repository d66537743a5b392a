namespace Rescue.Web.Features.Reports;

/// <summary>
/// The length of each text field of a discovery report, declared once: the database columns, the report form (API
/// and page) read these (FieldRuleTests holds them to it).
/// </summary>
public static class ReportLimits
{
    public const int OfficerName = 50;
    public const int OfficerPhone = 20;
    public const int PlaceText = 200;
    public const int HandoverFormNumber = 40;
    public const int Description = 2000;
}
