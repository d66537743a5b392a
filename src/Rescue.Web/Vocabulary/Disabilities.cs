namespace Rescue.Web.Vocabulary;

/// <summary>What disabilities the reporter named; they matter when the person cannot say who they are.</summary>
[Flags]
public enum Disabilities
{
    None = 0,
    Intellectual = 1,
    Mental = 2,
    Hearing = 4,
    Speech = 8,
}
