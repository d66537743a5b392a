using System.ComponentModel.DataAnnotations;
using Rescue.Web.Hosting;

namespace Rescue.Web.Features.Notices;

/// <summary>A move of a notice to another status, with a note saying why: the API's request body and what the registry checks.</summary>
public sealed record NoticeStatusChange(NoticeStatus Status, [property: MaxLength(NoticeLimits.NoteText), FreeText] string? Note);
