namespace Rescue.Web.Vocabulary;

/// <summary>Sex as seen or told; unknown when neither.</summary>
public enum Sex
{
    Unknown = 0,
    Male = 1,
    Female = 2,
}
