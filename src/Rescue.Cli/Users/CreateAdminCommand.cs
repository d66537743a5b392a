using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using Rescue.Web.Features.Users;
using Rescue.Web.Hosting;

namespace Rescue.Cli.Users;

/// <summary>Creates the first administrator of a real deployment (no demo data there).</summary>
internal sealed class CreateAdminCommand : ICliCommand
{
    public string Group => "users";

    public string Verb => "create-admin";

    public string Usage => "--email ADDRESS [--name NAME]  (password from RESCUE_ADMIN_PASSWORD, else one is made and printed)";

    public async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var options = new CliOptions(args);
        var email = options.Require("email");
        var name = options.Get("name") ?? "管理员";
        var password = Environment.GetEnvironmentVariable("RESCUE_ADMIN_PASSWORD");
        var generated = string.IsNullOrEmpty(password);
        if (generated) password = Convert.ToBase64String(RandomNumberGenerator.GetBytes(15));

        using var host = await CliHost.StartAsync(cancellationToken);
        await using var scope = host.Services.CreateAsyncScope();
        var admin = scope.ServiceProvider.GetRequiredService<UserAdministration>();
        try
        {
            await admin.CreateUserAsync(new() { Email = email, DisplayName = name, Password = password!, Role = Roles.Administrator }, cancellationToken);
        }
        catch (ValidationFailedException e)
        {
            foreach (var (field, reasons) in e.Errors) Console.Error.WriteLine($"{field}: {string.Join(" ", reasons)}");
            return 1;
        }
        Console.WriteLine($"administrator {email} created");
        if (generated) Console.WriteLine($"password: {password}  (shown once; change it after signing in)");
        return 0;
    }
}
