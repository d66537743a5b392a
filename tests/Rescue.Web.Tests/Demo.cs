using Rescue.Web.Data;
using Rescue.Web.Features.Users;

namespace Rescue.Web.Tests;

/// <summary>The demo accounts every test database starts with.</summary>
internal static class Demo
{
    public static DemoData.DemoUser User(string role) => DemoData.Users.Single(u => u.Role == role);
}
