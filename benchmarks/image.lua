-- wrk script: POSTs the PNG file named by $IMAGE as a raw image/png body.
local f = assert(io.open(os.getenv("IMAGE"), "rb"))
wrk.method = "POST"
wrk.headers["Content-Type"] = "image/png"
wrk.body = f:read("*all")
f:close()

function response(status, headers, body)
  if status ~= 200 then
    io.stderr:write("unexpected status " .. status .. ": " .. body .. "\n")
  end
end
