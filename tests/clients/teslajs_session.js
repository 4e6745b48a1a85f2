// A charging session with TeslaJS (npm `teslajs`), unmodified, as its users write one.
//
// TeslaJS reads its server from the TESLAJS_SERVER environment variable when it is loaded; the
// token comes in TESLA_TOKEN. The script prints one JSON object: each step's result (TeslaJS's
// `response`) by name, or, if a step fails, `failed` (the step) and `error` (TeslaJS's error,
// e.g. "Error response: 404"), and exits 1. tests/clients/test_teslajs.py runs it and asserts.
"use strict";

const tjs = require("teslajs");

const steps = {};

async function step(name, call) {
  try {
    steps[name] = await call();
    return steps[name];
  } catch (error) {
    steps.failed = name;
    steps.error = String(error);
    throw error;
  }
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function session() {
  const options = { authToken: process.env.TESLA_TOKEN, carIndex: 0 };

  // The cars, then the first one: vehicle() copies its id_s into options.vehicleID.
  const cars = await step("vehicles", () => tjs.vehiclesAsync(options));
  await step("vehicle", () => tjs.vehicleAsync(options));

  // Wake it, and poll until it is online.
  await step("wakeUp", () => tjs.wakeUpAsync(options));
  for (let poll = 0; poll < 100; poll += 1) {
    const car = await step("vehicleById", () => tjs.vehicleByIdAsync(options));
    if (car.state === "online") break;
    await sleep(20);
  }

  // Read its data (all sections), set the charge limit and the amps: below 5 A, twice.
  await step("vehicleData", () => tjs.vehicleDataAsync(options));
  await step("setChargeLimit", () => tjs.setChargeLimitAsync(options, 90));
  await step("setChargingAmps", () => tjs.setChargingAmpsAsync(options, 3));
  await step("setChargingAmpsAgain", () => tjs.setChargingAmpsAsync(options, 3));

  // Start charging, look, stop.
  await step("startCharge", () => tjs.startChargeAsync(options));
  await step("vehicleDataCharging", () => tjs.vehicleDataAsync(options));
  await step("stopCharge", () => tjs.stopChargeAsync(options));

  // The second car has no cable.
  const unplugged = { authToken: options.authToken, vehicleID: cars[1].id_s };
  await step("startChargeUnplugged", () => tjs.startChargeAsync(unplugged));
}

session()
  .then(() => process.stdout.write(JSON.stringify(steps) + "\n"))
  .catch(() => {
    process.stdout.write(JSON.stringify(steps) + "\n");
    process.exitCode = 1;
  });
