"""The Braiins OS+ public API (gRPC, cleartext HTTP/2) of a simulated braiins machine whose spec
has "grpc": true: AuthenticationService/Login and PerformanceService/SetPowerTarget, served with
grpclib and the message classes generated from Braiins's own .proto files (as pyasic ships them,
betterproto), so the wire format is Braiins's, not our reading of it. Needs the pyasic venv
(scripts/pyasic-venv); imported only when such a machine exists.

Login checks the password (spec "password", default "root"), answers with a token in the
"authorization" header (where pyasic reads it) and in LoginResponse.token. SetPowerTarget needs
that header; it caps the machine's watts at the target (ths scaled alike) and logs
["set_power_target", watt]. Fault "reject" answers grpc-status INTERNAL."""
import secrets

import grpclib.const
import grpclib.server
from grpclib import GRPCError
from grpclib.const import Status
from pyasic.web.braiins_os.proto.braiins.bos.v1 import (LoginRequest, LoginResponse, Power, SetPowerTargetRequest,
                                                         SetPowerTargetResponse)


class BraiinsApi:
    def __init__(self, m):
        self.m = m
        self.tokens = set()

    def __mapping__(self):
        unary = grpclib.const.Cardinality.UNARY_UNARY
        return {
            "/braiins.bos.v1.AuthenticationService/Login":
                grpclib.const.Handler(self.login, unary, LoginRequest, LoginResponse),
            "/braiins.bos.v1.PerformanceService/SetPowerTarget":
                grpclib.const.Handler(self.set_power_target, unary, SetPowerTargetRequest, SetPowerTargetResponse),
        }

    async def login(self, stream):
        req = await stream.recv_message()
        if req.username != "root" or req.password != self.m.spec.get("password", "root"):
            raise GRPCError(Status.UNAUTHENTICATED, "Invalid username or password")
        token = secrets.token_hex(8)
        self.tokens.add(token)
        await stream.send_initial_metadata(metadata={"authorization": token})
        await stream.send_message(LoginResponse(token=token, timeout_s=3600))

    async def set_power_target(self, stream):
        req = await stream.recv_message()
        if stream.metadata.get("authorization") not in self.tokens:
            raise GRPCError(Status.UNAUTHENTICATED, "Missing or invalid authorization token")
        watt = int(req.power_target.watt)
        self.m.log.append(["set_power_target", str(watt)])
        if self.m.fault == "reject":
            raise GRPCError(Status.INTERNAL, "Power target could not be set")
        if self.m.fault != "stuck":
            self.m.power_limit = watt
        await stream.send_message(SetPowerTargetResponse(power_target=Power(watt=watt)))


async def start(m):
    """Serves m's API on a free port of 127.0.0.1; returns (server, port)."""
    server = grpclib.server.Server([BraiinsApi(m)])
    await server.start("127.0.0.1", 0)
    port = server._server.sockets[0].getsockname()[1]
    return server, port
